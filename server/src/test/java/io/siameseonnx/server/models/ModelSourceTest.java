package io.siameseonnx.server.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siameseonnx.model.repository.ModelRepository;
import io.siameseonnx.model.testing.TestRepository;
import io.siameseonnx.server.runtime.ModelLoadException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelSourceTest {
  @TempDir Path root;

  @Test
  void theNewestVersionIsTheHighestNumberNotTheLatestWritten() throws Exception {
    TestRepository models = new TestRepository(root);
    models.writeVersion(10);
    models.writeVersion(9);
    models.writeVersion(2);
    ModelSource source = new ModelSource(root, "siamese-embedding");
    assertThat(source.versions())
        .extracting(ModelRepository.Version::number)
        .containsExactly(2L, 9L, 10L);
  }

  @Test
  void foldersThatAreNotPositiveIntegersOrHoldNoModelAreIgnored() throws Exception {
    new TestRepository(root).writeVersion(1);
    Path model = root.resolve("siamese-embedding");
    Files.createDirectories(model.resolve("7"));
    Files.createDirectories(model.resolve("0").resolve("x"));
    Files.writeString(Files.createDirectories(model.resolve("0")).resolve("model.onnx"), "x");
    Files.writeString(Files.createDirectories(model.resolve("latest")).resolve("model.onnx"), "x");
    Files.writeString(
        Files.createDirectories(model.resolve(".8.tmp123")).resolve("model.onnx"), "x");
    Files.writeString(Files.createDirectories(model.resolve("-3")).resolve("model.onnx"), "x");
    Files.writeString(model.resolve("5"), "a file, not a folder");
    assertThat(new ModelSource(root, "siamese-embedding").versions())
        .extracting(ModelRepository.Version::number)
        .containsExactly(1L);
  }

  @Test
  void anEmptyModelFolderHasNoVersion() throws Exception {
    Files.createDirectories(root.resolve("siamese-embedding"));
    assertThat(new ModelSource(root, "siamese-embedding").versions()).isEmpty();
  }

  @Test
  void aMissingModelFolderIsNamedInTheError() {
    assertThatThrownBy(() -> new ModelSource(root, "siamese-embedding").versions())
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(root.resolve("siamese-embedding").toString())
        .hasMessageContaining("does not exist");
  }
}
