package io.siameseonnx.server.runtime;

import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import java.util.Locale;

/** ONNX Runtime's graph optimisation level, by the names its documentation uses. */
public enum OptimizationLevel {
  /** No graph optimisation. */
  NONE(OptLevel.NO_OPT),
  /** Constant folding and redundant node elimination. */
  BASIC(OptLevel.BASIC_OPT),
  /** Basic plus node fusions. */
  EXTENDED(OptLevel.EXTENDED_OPT),
  /** Everything, including layout optimisations (the default). */
  ALL(OptLevel.ALL_OPT);

  private final OptLevel ort;

  OptimizationLevel(OptLevel ort) {
    this.ort = ort;
  }

  /** The ONNX Runtime constant. */
  public OptLevel ort() {
    return ort;
  }

  /** Parses {@code none}, {@code basic}, {@code extended} or {@code all}, ignoring case. */
  public static OptimizationLevel parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown optimisation level '" + value + "' (expected none, basic, extended or all)", e);
    }
  }
}
