package io.siameseonnx.server.http;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.json.UTF8StreamJsonParser;
import com.fasterxml.jackson.core.sym.ByteQuadsCanonicalizer;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Jackson's UTF-8 parser with one more method: {@link #readFloats} takes the plain numbers of an
 * array straight from the parser's buffer, one pass a number, where Jackson copies each number's
 * text and parses it again (a v1 request of 1,024 values: 45 us through Jackson, 17.5 us here).
 *
 * <p>It takes only what it can take exactly as Jackson would: numbers of strict JSON syntax with at
 * most 15 significant digits and a decimal exponent within 22, whose value it computes by Clinger's
 * fast path (one correctly rounded double operation on exact operands) and rounds to a float,
 * except when that double lies exactly halfway between two floats or is subnormal as a float (where
 * rounding twice could differ from rounding once). It stops before anything else (a nested array, a
 * string, {@code NaN}, a longer number, a carriage return, the end of the buffer), leaving it to
 * {@link #nextToken()}, so values and errors are Jackson's own.
 */
public final class NumberArrayParser extends UTF8StreamJsonParser {
  private static final double[] POWERS_OF_TEN = PowersOfTen.DOUBLES;
  private static final long[] LONG_POWERS_OF_TEN = PowersOfTen.LONGS;
  private static final VarHandle LITTLE_ENDIAN_LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ZEROS = 0x3030303030303030L;

  private static final long EXACT_IN_DOUBLE = 1L << 53;
  private static final long HALF_FLOAT_ULP_BITS = 1L << 28;
  private static final long BELOW_FLOAT_BITS = (1L << 29) - 1;

  /** Where the numbers go, one at a time. */
  @FunctionalInterface
  public interface FloatSink {
    /** Takes the next number of the array. */
    void accept(float value);
  }

  /**
   * A parser as Jackson's factory makes one: reading {@code in} (null for an array that holds the
   * whole input) with {@code buffer[start, end)} already read.
   *
   * @param recyclable whether the buffer is Jackson's own, to be given back when closed
   */
  public NumberArrayParser(
      IOContext context,
      int features,
      InputStream in,
      ObjectCodec codec,
      ByteQuadsCanonicalizer symbols,
      byte[] buffer,
      int start,
      int end,
      boolean recyclable) {
    super(context, features, in, codec, symbols, buffer, start, end, recyclable);
  }

  /**
   * Reads the plain numbers that follow in the current array into {@code sink} while they are in
   * the buffer, and answers how many it took. The current token must be the array's {@code
   * START_ARRAY} or a number in it; afterwards it is the last number taken (or unchanged), and
   * {@link #nextToken()} goes on from there.
   */
  public int readFloats(FloatSink sink) throws IOException {
    JsonToken token = currentToken();
    if (token != JsonToken.START_ARRAY
        && token != JsonToken.VALUE_NUMBER_FLOAT
        && token != JsonToken.VALUE_NUMBER_INT) {
      return 0;
    }
    row = _currInputRow;
    rowStart = _currInputRowStart;
    boolean first = token == JsonToken.START_ARRAY;
    int taken = 0;
    for (int next = next(_inputPtr, first); next >= 0; next = next(_inputPtr, false)) {
      _inputPtr = next;
      _currInputRow = row;
      _currInputRowStart = rowStart;
      _parsingContext.expectComma();
      taken++;
      sink.accept(value);
    }
    if (taken > 0) {
      _currToken = JsonToken.VALUE_NUMBER_FLOAT;
      _numTypesValid = NR_UNKNOWN;
    }
    return taken;
  }

  /** The value {@link #next} read, and the row it ended on and where that row starts. */
  private float value;

  private int row;
  private int rowStart;

  /**
   * Reads the next number from {@code i} (the comma before it too unless {@code first}) into {@link
   * #value}, answering where it ends, or -1 where the fast path stops. One call a number, so that
   * the JIT compiles it as a method rather than only by on-stack replacement of a long loop (which
   * left it interpreted for seconds under load in one run).
   */
  private int next(int i, boolean first) {
    byte[] b = _inputBuffer;
    int end = _inputEnd;
    // Whitespace, then a comma after a value, then whitespace.
    for (int pass = first ? 1 : 0; pass < 2; pass++) {
      while (i < end && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n')) {
        if (b[i++] == '\n') {
          row++;
          rowStart = i;
        }
      }
      if (pass == 0) {
        if (i >= end || b[i] != ',') {
          return -1;
        }
        i++;
      }
    }
    if (i >= end) {
      return -1;
    }
    boolean negative = b[i] == '-';
    if (negative) {
      i++;
    }
    long mantissa = 0;
    int digits = 0;
    int intStart = i;
    while (i < end && b[i] >= '0' && b[i] <= '9') {
      mantissa = mantissa * 10 + (b[i++] - '0');
      digits++;
    }
    if (i == intStart || i - intStart > 1 && b[intStart] == '0') {
      return -1; // no digits, or a leading zero: Jackson's to refuse
    }
    int exponent = 0;
    boolean integer = true;
    if (i < end && b[i] == '.') {
      integer = false;
      int fracStart = ++i;
      // Eight bytes at a time while they are in the buffer, then a byte at a time.
      while (i + Long.BYTES <= end) {
        long word = (long) LITTLE_ENDIAN_LONGS.get(b, i);
        int n = leadingDigits(word);
        if (n == 0) {
          break;
        }
        mantissa = mantissa * LONG_POWERS_OF_TEN[n] + digitsValue(word, n);
        digits += n;
        exponent -= n;
        i += n;
        if (n < Long.BYTES || digits > 15) {
          break;
        }
      }
      while (i < end && b[i] >= '0' && b[i] <= '9') {
        mantissa = mantissa * 10 + (b[i++] - '0');
        digits++;
        exponent--;
      }
      if (i == fracStart) {
        return -1;
      }
    }
    if (i < end && (b[i] == 'e' || b[i] == 'E')) {
      integer = false;
      i++;
      boolean negativeExponent = i < end && b[i] == '-';
      if (i < end && (b[i] == '-' || b[i] == '+')) {
        i++;
      }
      int expStart = i;
      int e = 0;
      while (i < end && b[i] >= '0' && b[i] <= '9' && i - expStart < 3) {
        e = e * 10 + (b[i++] - '0');
      }
      if (i == expStart) {
        return -1;
      }
      exponent += negativeExponent ? -e : e;
    }
    // The number must have ended inside the buffer, at a delimiter.
    if (i >= end || b[i] != ',' && b[i] != ']' && b[i] != ' ' && b[i] != '\t' && b[i] != '\n') {
      return -1;
    }
    if (digits > 15 || mantissa >= EXACT_IN_DOUBLE || exponent < -22 || exponent > 22) {
      return -1;
    }
    if (integer) {
      // As Jackson: an integer token becomes a float through its integer value ("-0" is 0).
      value = (float) (double) (negative ? -mantissa : mantissa);
      return i;
    }
    double d =
        exponent < 0 ? mantissa / POWERS_OF_TEN[-exponent] : mantissa * POWERS_OF_TEN[exponent];
    long bits = Double.doubleToRawLongBits(d);
    if (d != 0 && (d < Float.MIN_NORMAL || (bits & BELOW_FLOAT_BITS) == HALF_FLOAT_ULP_BITS)) {
      return -1;
    }
    value = negative ? -(float) d : (float) d;
    return i;
  }

  /**
   * How many of the eight bytes of {@code word} (read little-endian: its first byte lowest) are
   * ASCII digits before the first that is not. A byte is a digit when subtracting '0' leaves it
   * non-negative and adding 0x46 leaves it below 0x80; a borrow can only reach the bytes after the
   * first non-digit, which are not counted.
   */
  private static int leadingDigits(long word) {
    long notDigits = ((word + 0x4646464646464646L) | (word - ZEROS)) & 0x8080808080808080L;
    return Long.numberOfTrailingZeros(notDigits) >> 3;
  }

  /**
   * The value of the first {@code n} (1 to 8) bytes of {@code word}, all digits, the first the most
   * significant: the others are shifted out, the digits land as the last of eight with leading
   * zeros, and three multiplications add them up in pairs, fours and eights.
   */
  private static long digitsValue(long word, int n) {
    long v = (word - ZEROS) << ((Long.BYTES - n) * 8);
    v = v * 10 + (v >>> 8);
    v =
        (((v & 0x000000FF000000FFL) * (100 + (1_000_000L << 32)))
                + (((v >>> 16) & 0x000000FF000000FFL) * (1 + (10_000L << 32))))
            >>> 32;
    return v & 0xFFFFFFFFL;
  }
}
