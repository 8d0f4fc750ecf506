package io.siameseonnx.server.runtime;

import java.util.Locale;

/** Where the model runs: {@code auto} takes CUDA when it loads and the CPU otherwise. */
public enum Device {
  /** CUDA when its execution provider loads, else the CPU. */
  AUTO,
  /** The CPU execution provider only. */
  CPU,
  /** The CUDA execution provider; loading fails when CUDA is unavailable. */
  CUDA;

  /** The lower-case name used on the command line and in the API. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code auto}, {@code cpu} or {@code cuda}, ignoring case. */
  public static Device parse(String value) {
    for (Device d : values()) {
      if (d.wireName().equalsIgnoreCase(value.trim())) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        "unknown device '" + value + "' (expected auto, cpu or cuda)");
  }
}
