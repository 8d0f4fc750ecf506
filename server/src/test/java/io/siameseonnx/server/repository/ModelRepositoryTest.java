package io.siameseonnx.server.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siameseonnx.server.inference.ModelLoadException;
import io.siameseonnx.server.support.TestRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRepositoryTest {
  @TempDir Path root;

  @Test
  void theNewestVersionIsTheHighestNumberNotTheLatestWritten() throws Exception {
    TestRepository models = new TestRepository(root);
    models.writeVersion(10);
    models.writeVersion(9);
    models.writeVersion(2);
    ModelRepository repository = new ModelRepository(root, "siamese-embedding");
    assertThat(repository.versions()).extracting(ModelVersion::number).containsExactly(2, 9, 10);
    assertThat(repository.newest()).hasValueSatisfying(v -> assertThat(v.number()).isEqualTo(10));
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
    assertThat(new ModelRepository(root, "siamese-embedding").versions())
        .extracting(ModelVersion::number)
        .containsExactly(1);
  }

  @Test
  void anEmptyModelFolderHasNoNewestVersion() throws Exception {
    Files.createDirectories(root.resolve("siamese-embedding"));
    assertThat(new ModelRepository(root, "siamese-embedding").newest()).isEmpty();
  }

  @Test
  void aMissingModelFolderIsNamedInTheError() {
    assertThatThrownBy(() -> new ModelRepository(root, "siamese-embedding").versions())
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(root.resolve("siamese-embedding").toString())
        .hasMessageContaining("does not exist");
  }
}
