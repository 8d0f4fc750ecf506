package io.siameseonnx.server;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses human-friendly sizes ({@code 16MB}, {@code 512k}) and durations ({@code 2ms}, {@code 5s}).
 */
public final class Units {
  private static final Pattern SIZE =
      Pattern.compile("(\\d+)\\s*([kmg]?)(i?b?)", Pattern.CASE_INSENSITIVE);
  private static final Pattern DURATION =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(us|µs|ms|s|m|h)?", Pattern.CASE_INSENSITIVE);

  private Units() {}

  /** Bytes from {@code 16MB}, {@code 16m}, {@code 512KiB} or a plain number (powers of 1024). */
  public static long bytes(String text) {
    Matcher m = SIZE.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a size: '" + text + "' (e.g. 16MB, 512KB, 1048576)");
    }
    long value = Long.parseLong(m.group(1));
    return switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "k" -> value << 10;
      case "m" -> value << 20;
      case "g" -> value << 30;
      default -> value;
    };
  }

  /**
   * A duration from {@code 500us}, {@code 2ms}, {@code 1.5s}, {@code 5m}, {@code 1h}; bare numbers
   * are seconds.
   */
  public static Duration duration(String text) {
    Matcher m = DURATION.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a duration: '" + text + "' (e.g. 2ms, 500us, 5s)");
    }
    double value = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
    double nanos =
        switch (unit) {
          case "us", "µs" -> value * 1e3;
          case "ms" -> value * 1e6;
          case "m" -> value * 60e9;
          case "h" -> value * 3600e9;
          default -> value * 1e9;
        };
    return Duration.ofNanos(Math.round(nanos));
  }
}
