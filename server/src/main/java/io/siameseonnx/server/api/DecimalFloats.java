package io.siameseonnx.server.api;

/**
 * Parses JSON number text to the nearest float, fast for the common case and exactly: mantissas up
 * to 2^53 with decimal exponents within ±22 are computed with one correctly rounded double
 * operation (Clinger's fast path) and then rounded to float, except where that double lands exactly
 * halfway between two floats, the one case where rounding twice can differ from rounding once.
 * Anything else returns {@link #UNSUPPORTED} and the caller falls back to a full parser. Tensors of
 * preprocessed images (values such as {@code 0.73087823}) always take the fast path, which is
 * several times faster than a general parser.
 */
final class DecimalFloats {
  /** The result for text this class does not handle; the caller must parse it another way. */
  static final long UNSUPPORTED = Long.MIN_VALUE;

  private static final double[] POWERS = new double[23];

  static {
    double p = 1;
    for (int i = 0; i < POWERS.length; i++) {
      POWERS[i] = p;
      p *= 10;
    }
  }

  private DecimalFloats() {}

  /**
   * The float's bits in the low 32 bits of the result, or {@link #UNSUPPORTED}.
   *
   * @param text the characters
   * @param offset the first character
   * @param length how many characters
   */
  static long parse(char[] text, int offset, int length) {
    int i = offset;
    int end = offset + length;
    if (i == end) {
      return UNSUPPORTED;
    }
    boolean negative = text[i] == '-';
    if (negative) {
      i++;
    }
    long mantissa = 0;
    int digits = 0;
    int exponent = 0;
    boolean any = false;
    for (; i < end && text[i] >= '0' && text[i] <= '9'; i++) {
      any = true;
      if (mantissa != 0 || text[i] != '0') {
        if (++digits > 18) {
          return UNSUPPORTED;
        }
        mantissa = mantissa * 10 + (text[i] - '0');
      }
    }
    if (i < end && text[i] == '.') {
      for (i++; i < end && text[i] >= '0' && text[i] <= '9'; i++) {
        any = true;
        if (mantissa != 0 || text[i] != '0') {
          if (++digits > 18) {
            return UNSUPPORTED;
          }
          mantissa = mantissa * 10 + (text[i] - '0');
        }
        exponent--;
      }
    }
    if (!any) {
      return UNSUPPORTED;
    }
    if (i < end && (text[i] == 'e' || text[i] == 'E')) {
      i++;
      boolean negativeExponent = false;
      if (i < end && (text[i] == '+' || text[i] == '-')) {
        negativeExponent = text[i] == '-';
        i++;
      }
      int e = 0;
      int start = i;
      for (; i < end && text[i] >= '0' && text[i] <= '9'; i++) {
        if (e > 1000) {
          return UNSUPPORTED;
        }
        e = e * 10 + (text[i] - '0');
      }
      if (i == start) {
        return UNSUPPORTED;
      }
      exponent += negativeExponent ? -e : e;
    }
    if (i != end) {
      return UNSUPPORTED;
    }
    if (mantissa == 0) {
      return Float.floatToRawIntBits(negative ? -0f : 0f) & 0xffffffffL;
    }
    if (mantissa > (1L << 53) || exponent < -22 || exponent > 22) {
      return UNSUPPORTED;
    }
    double value = exponent < 0 ? mantissa / POWERS[-exponent] : mantissa * POWERS[exponent];
    float rounded = (float) value;
    if ((double) rounded != value) {
      float other = Math.nextAfter(rounded, value);
      if (value - rounded == other - value) {
        return UNSUPPORTED; // exactly halfway in double: only a full parser rounds this right
      }
    }
    return Float.floatToRawIntBits(negative ? -rounded : rounded) & 0xffffffffL;
  }
}
