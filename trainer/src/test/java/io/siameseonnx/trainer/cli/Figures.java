package io.siameseonnx.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Figures read from a run's {@code metrics.json} or {@code evaluation.json}, nested one level
 * ({@code {"finetune": {"roc_auc": ...}}}): a missing file, group or figure fails the test instead
 * of reading as 0.
 *
 * @param file where the figures were read from
 * @param tree the file's JSON
 */
record Figures(Path file, JsonNode tree) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads the file; a test that needs it fails when it is not there. */
  static Figures read(Path file) throws IOException {
    assertThat(file).as("figures file").isRegularFile();
    return new Figures(file, JSON.readTree(file.toFile()));
  }

  /** The figure {@code key} of {@code group}, e.g. ("finetune", "roc_auc"). */
  double get(String group, String key) {
    JsonNode value = group(group).get(key);
    assertThat(value).as("%s.%s in %s", group, key, file).isNotNull();
    assertThat(value.isNumber()).as("%s.%s in %s is a number", group, key, file).isTrue();
    return value.asDouble();
  }

  /** The figures of {@code group}. */
  JsonNode group(String group) {
    JsonNode node = tree.get(group);
    assertThat(node).as("%s in %s", group, file).isNotNull();
    return node;
  }

  /** Whether the file has a group of that name. */
  boolean has(String group) {
    return tree.has(group);
  }
}
