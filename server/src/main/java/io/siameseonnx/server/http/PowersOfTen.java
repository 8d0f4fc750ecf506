package io.siameseonnx.server.http;

/**
 * The powers of ten the number reader and writer compute with, each exact in its type: as doubles
 * up to 10<sup>22</sup> (the largest exact double power of ten, the bound of Clinger's fast path),
 * as longs up to 10<sup>18</sup> and as ints up to 10<sup>9</sup>.
 */
final class PowersOfTen {
  /** 10^0 to 10^22, each exact. */
  static final double[] DOUBLES = new double[23];

  /** 10^0 to 10^18. */
  static final long[] LONGS = new long[19];

  /** 10^0 to 10^9. */
  static final int[] INTS = new int[10];

  static {
    long p = 1;
    for (int i = 0; i < DOUBLES.length; i++) {
      // Exact: 10^i = 2^i * 5^i, and 5^22 < 2^53.
      DOUBLES[i] = i < LONGS.length ? (double) p : DOUBLES[i - 1] * 10;
      if (i < LONGS.length) {
        LONGS[i] = p;
        if (i < INTS.length) {
          INTS[i] = (int) p;
        }
        p *= 10;
      }
    }
  }

  private PowersOfTen() {}
}
