package io.siameseonnx.server.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Reads API keys from an environment variable's value (separated by commas or white space) or from
 * a file (one a line; blank lines and lines starting with {@code #} ignored). Keys never come from
 * command-line flags, where {@code ps} would show them.
 */
public final class ApiKeys {
  private ApiKeys() {}

  /** The keys in a comma- or space-separated list. */
  public static Set<String> parse(String value) {
    Set<String> keys = new LinkedHashSet<>();
    if (value != null) {
      for (String key : value.split("[,\\s]+")) {
        if (!key.isBlank()) {
          keys.add(key.strip());
        }
      }
    }
    return keys;
  }

  /** The keys in a file, one a line. */
  public static Set<String> fromFile(Path file) throws IOException {
    Set<String> keys = new LinkedHashSet<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String key = line.strip();
      if (!key.isEmpty() && !key.startsWith("#")) {
        keys.add(key);
      }
    }
    return keys;
  }
}
