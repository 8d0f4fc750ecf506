package io.siameseonnx.server.http;

/**
 * Writes a float as the shortest decimal that reads back as the same float, in Java's plain
 * notation ({@code 0.0883883}, {@code 12.5}, {@code 100.0}), straight into a byte array: the text
 * Jackson's fast writer ({@code StreamWriteFeature.USE_FAST_DOUBLE_WRITER}, Schubfach) makes of it,
 * byte for byte, without the {@code String} and the copies Jackson makes a number.
 *
 * <p>It takes only floats from {@value #MIN} to {@value #MAX} (either sign) and zero: the range of
 * embeddings and distances, where Java writes no exponent. All arithmetic is exact: the float is
 * {@code m * 2^e} with a 24-bit {@code m}; scaled by a power of ten {@code 10^s} (at most
 * 10<sup>11</sup>) so that it has nine digits before the point, it and the two ends of the interval
 * of reals that round to it are {@code long} multiples of {@code 2^(e - 2)}. The shortest decimals
 * are the multiples of the largest power of ten inside that interval (an end belongs to it when the
 * float's {@code m} is even, as reading rounds half to even); of those, the one nearest the float
 * (an even last digit on a tie) is written.
 */
public final class ShortestFloat {
  /** The smallest magnitude written here (below {@code 0.001} Java writes an exponent). */
  public static final float MIN = 1.01e-3f;

  /** The largest magnitude written here (from {@code 10^7} on Java writes an exponent). */
  public static final float MAX = 9.9e6f;

  /** The most bytes {@link #write} writes. */
  public static final int MAX_LENGTH = 16;

  private static final long[] POWERS_OF_TEN = PowersOfTen.LONGS;
  private static final int[] INT_POWERS_OF_TEN = PowersOfTen.INTS;

  /** "00" to "99". */
  private static final byte[] DIGIT_PAIRS = new byte[200];

  static {
    for (int i = 0; i < 100; i++) {
      DIGIT_PAIRS[2 * i] = (byte) ('0' + i / 10);
      DIGIT_PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
    }
  }

  private static final long NINE_DIGITS = 100_000_000L;
  private static final long TEN_DIGITS = 1_000_000_000L;
  private static final byte[] ZERO = {'0', '.', '0'};

  private ShortestFloat() {}

  /**
   * Writes {@code value} at {@code out[at]} ({@value #MAX_LENGTH} bytes must be free there).
   *
   * @return the index after the last byte written, or -1 (nothing written) for a value outside this
   *     class's range, NaN or an infinity
   */
  public static int write(float value, byte[] out, int at) {
    int bits = Float.floatToRawIntBits(value);
    float magnitude = Math.abs(value);
    if (magnitude != 0 && !(magnitude >= MIN && magnitude <= MAX)) {
      return -1;
    }
    int pos = at;
    if (bits < 0) {
      out[pos++] = '-';
    }
    if (magnitude == 0) {
      System.arraycopy(ZERO, 0, out, pos, ZERO.length);
      return pos + ZERO.length;
    }
    int exponent = Math.getExponent(magnitude);
    long m = (bits & 0x7fffff) | 0x800000L;
    boolean narrowBelow = (bits & 0x7fffff) == 0;
    // value = m * 2^(exponent - 23); in units of 2^(exponent - 25) the value is 4m, the upper end
    // of what rounds to it 4m + 2, the lower end 4m - 2 (4m - 1 where the float below is closer).
    int shift = 25 - exponent;
    // A first guess at s with value * 10^s in [10^8, 10^9): s = 8 - floor(log10(value)).
    // At most 10^11 (the smallest value's), so that (4m + 2) * 10^s stays below 2^63.
    int s = Math.min(11, 8 - ((exponent * 1233) >> 12));
    long scaled = (4 * m * POWERS_OF_TEN[s]) >> shift;
    while (scaled >= TEN_DIGITS) {
      s--;
      scaled = (4 * m * POWERS_OF_TEN[s]) >> shift;
    }
    while (scaled < NINE_DIGITS) {
      s++;
      scaled = (4 * m * POWERS_OF_TEN[s]) >> shift;
    }
    long power = POWERS_OF_TEN[s];
    long exact = 4 * m * power;
    long upper = (4 * m + 2) * power;
    long lower = (narrowBelow ? 4 * m - 1 : 4 * m - 2) * power;
    long mask = (1L << shift) - 1;
    boolean even = (m & 1) == 0;
    // The integers (in units of 10^-s) that read back as the value: [low, high].
    long low = lower >> shift;
    if ((lower & mask) != 0 || !even) {
      low++;
    }
    long high = upper >> shift;
    if ((upper & mask) == 0 && !even) {
      high--;
    }
    // The most trailing zeros a decimal in [low, high] can have: while a multiple of 10^(zeros+1)
    // is in it, one more (most floats need 7 to 9 digits, so this is a few divisions by 10).
    // All below 2^31 (about 10^9), so int arithmetic from here.
    int zeros = 0;
    int lowQ = (int) low;
    int highQ = (int) high;
    int scaledQ = (int) scaled;
    while (highQ / 10 >= (lowQ + 9) / 10) {
      highQ /= 10;
      lowQ = (lowQ + 9) / 10;
      scaledQ /= 10;
      zeros++;
    }
    // The multiples of 10^zeros either side of the value, in units of 10^zeros.
    int below = scaledQ;
    int digits;
    if (below < lowQ) {
      digits = below + 1;
    } else if (below + 1 > highQ) {
      digits = below;
    } else {
      // Both within the interval, so 10^zeros is at most its width (about 120): no overflow here.
      long step = POWERS_OF_TEN[zeros];
      long twiceFromBelow = 2 * (exact - ((below * step) << shift));
      long stepUnits = step << shift;
      if (twiceFromBelow < stepUnits) {
        digits = below;
      } else if (twiceFromBelow > stepUnits) {
        digits = below + 1;
      } else {
        digits = below % 2 == 0 ? below : below + 1;
      }
    }
    // The decimal is digits * 10^(zeros - s), and digits * 10^zeros has nine digits (ten for 10^9).
    int length = ((long) digits * POWERS_OF_TEN[zeros] >= TEN_DIGITS ? 10 : 9) - zeros;
    return plain(digits, length, zeros - s, out, pos);
  }

  /**
   * Writes {@code digits * 10^power} ({@code digits} of {@code length} decimal digits) as Java does
   * below 10^7: at least one digit either side of the point.
   */
  private static int plain(int digits, int length, int power, byte[] out, int at) {
    if (power >= 0) {
      int pos = digitsOf(digits, length, out, at);
      for (int i = 0; i < power; i++) {
        out[pos++] = '0';
      }
      out[pos++] = '.';
      out[pos++] = '0';
      return pos;
    }
    int fraction = -power;
    if (length > fraction) {
      // The fraction's digits, the point, the whole part's digits.
      int end = at + length + 1;
      int whole = digits / INT_POWERS_OF_TEN[fraction];
      digitsOf(digits - whole * INT_POWERS_OF_TEN[fraction], fraction, out, end - fraction);
      out[end - fraction - 1] = '.';
      digitsOf(whole, length - fraction, out, at);
      return end;
    }
    int pos = at;
    out[pos++] = '0';
    out[pos++] = '.';
    for (int i = length; i < fraction; i++) {
      out[pos++] = '0';
    }
    return digitsOf(digits, length, out, pos);
  }

  /** Writes the {@code length} last decimal digits of {@code value}, leading zeros included. */
  private static int digitsOf(int value, int length, byte[] out, int at) {
    int v = value;
    int i = at + length;
    // Two digits a division.
    while (i - at >= 2) {
      int q = v / 100;
      int pair = (v - q * 100) << 1;
      out[--i] = DIGIT_PAIRS[pair + 1];
      out[--i] = DIGIT_PAIRS[pair];
      v = q;
    }
    if (i > at) {
      out[--i] = (byte) ('0' + v % 10);
    }
    return at + length;
  }
}
