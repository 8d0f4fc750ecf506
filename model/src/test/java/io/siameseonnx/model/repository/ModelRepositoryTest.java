package io.siameseonnx.model.repository;

import static io.siameseonnx.model.testing.RepositoryAssertions.hidden;
import static io.siameseonnx.model.testing.RepositoryAssertions.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Triton repository layout, version numbering and all-or-nothing publication. */
class ModelRepositoryTest {
  @TempDir Path root;

  @Test
  void versionsCountUpFromOneAndAreSharedByTheModelsOfOneTransaction() throws Exception {
    ModelRepository repo = new ModelRepository(root);
    for (int expected = 1; expected <= 3; expected++) {
      try (ModelRepository.Transaction tx = repo.begin(List.of("emb", "dist"))) {
        assertThat(tx.version()).isEqualTo(expected);
        Files.writeString(tx.stagingDir("emb").resolve("model.onnx"), "e" + expected);
        Files.writeString(tx.stagingDir("dist").resolve("model.onnx"), "d" + expected);
        tx.commit();
      }
    }
    assertThat(repo.versions("emb").stream().map(ModelRepository.Version::number))
        .containsExactly(1L, 2L, 3L);
    assertThat(repo.versions("dist").stream().map(ModelRepository.Version::number))
        .containsExactly(1L, 2L, 3L);
    assertThat(Files.readString(root.resolve("emb/3/model.onnx"))).isEqualTo("e3");
    assertThat(hidden(root)).isEmpty();
  }

  @Test
  void theNextVersionIsOneAboveTheHighestIntegerFolderOfAnyModel() throws Exception {
    Files.createDirectories(root.resolve("emb/1"));
    Files.createDirectories(root.resolve("emb/7"));
    Files.createDirectories(root.resolve("emb/notes"));
    Files.createDirectories(root.resolve("emb/.9.staging-x"));
    Files.createDirectories(root.resolve("dist/3"));
    try (ModelRepository.Transaction tx = new ModelRepository(root).begin(List.of("emb", "dist"))) {
      assertThat(tx.version()).isEqualTo(8);
    }
  }

  @Test
  void stagedVersionsAreHiddenAndNotIntegers() throws Exception {
    try (ModelRepository.Transaction tx = new ModelRepository(root).begin(List.of("emb", "dist"))) {
      Path staging = tx.stagingDir("emb");
      assertThat(staging.getParent()).isEqualTo(root.resolve("emb"));
      assertThat(staging.getFileName().toString()).startsWith(".").doesNotMatch("[0-9]+");
      assertThat(new ModelRepository(root).versions("emb")).isEmpty();
    }
  }

  @Test
  void anUncommittedTransactionLeavesNothingBehind() throws Exception {
    ModelRepository repo = new ModelRepository(root);
    try (ModelRepository.Transaction tx = repo.begin(List.of("emb", "dist"))) {
      tx.commit();
    }
    List<String> before = tree(root);
    try (ModelRepository.Transaction tx = repo.begin(List.of("emb", "dist"))) {
      Files.writeString(tx.stagingDir("emb").resolve("model.onnx"), "half");
      tx.config("emb", "changed");
    }
    assertThat(tree(root)).isEqualTo(before);
  }

  @Test
  void aFirstExportThatIsNotCommittedRemovesTheModelFolders() throws Exception {
    try (ModelRepository.Transaction tx = new ModelRepository(root).begin(List.of("emb", "dist"))) {
      Files.writeString(tx.stagingDir("dist").resolve("model.onnx"), "half");
    }
    assertThat(tree(root)).isEmpty();
  }

  @Test
  void aCommitThatFailsHalfwayUndoesTheRenamesAndRestoresTheConfigs() throws Exception {
    ModelRepository repo = new ModelRepository(root);
    try (ModelRepository.Transaction tx = repo.begin(List.of("emb", "dist"))) {
      tx.config("emb", "old emb config");
      tx.config("dist", "old dist config");
      tx.commit();
    }
    List<String> before = tree(root);
    try (ModelRepository.Transaction tx = repo.begin(List.of("emb", "dist"))) {
      Files.writeString(tx.stagingDir("emb").resolve("model.onnx"), "new");
      tx.config("emb", "new emb config");
      tx.config("dist", "new dist config");
      // Someone else published version 2 of dist meanwhile: the second rename must fail.
      Files.createDirectories(root.resolve("dist/2"));
      assertThatThrownBy(tx::commit).isInstanceOf(FileAlreadyExistsException.class);
    }
    Files.delete(root.resolve("dist/2"));
    assertThat(tree(root)).isEqualTo(before);
    assertThat(Files.readString(root.resolve("emb/config.pbtxt"))).isEqualTo("old emb config");
    assertThat(Files.readString(root.resolve("dist/config.pbtxt"))).isEqualTo("old dist config");
  }

  @Test
  void aModelPathBlockedByAFileFailsWithoutLeftovers() throws Exception {
    Files.writeString(root.resolve("dist"), "not a folder");
    assertThatThrownBy(() -> new ModelRepository(root).begin(List.of("emb", "dist")))
        .isInstanceOf(java.io.IOException.class);
    assertThat(tree(root)).containsExactly("dist");
  }

  @Test
  void modelNamesMustBePlainFolderNames() {
    ModelRepository repo = new ModelRepository(root);
    assertThatThrownBy(() -> repo.begin(List.of("../escape", "dist")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> repo.begin(List.of(".hidden", "dist")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> repo.begin(List.of("same", "same")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void versionsOfUpToEighteenDigitsAreListedInNumericOrder() throws Exception {
    for (String v : List.of("2", "10", "1733123456", "999999999999999999")) {
      Files.createDirectories(root.resolve("emb").resolve(v));
    }
    Files.createDirectories(root.resolve("emb/1000000000000000000")); // 19 digits: not a version
    Files.createDirectories(root.resolve("emb/01")); // leading zero: not a version
    ModelRepository repo = new ModelRepository(root);
    assertThat(repo.versions("emb").stream().map(ModelRepository.Version::number))
        .containsExactly(2L, 10L, 1733123456L, 999999999999999999L);
  }

  @Test
  void aVersionAfterTheLastOneTheLayoutAllowsIsRefused() throws Exception {
    Files.createDirectories(root.resolve("emb/999999999999999999"));
    assertThatThrownBy(() -> new ModelRepository(root).begin(List.of("emb")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside the versions this layout allows");
    assertThat(hidden(root)).isEmpty();
  }

  @Test
  void theNextVersionFollowsTenDigitVersionsThatAReaderSees() throws Exception {
    Files.createDirectories(root.resolve("emb/1733123456"));
    ModelRepository repo = new ModelRepository(root);
    try (ModelRepository.Transaction tx = repo.begin(List.of("emb"))) {
      Files.writeString(tx.stagingDir("emb").resolve(ModelRepository.MODEL_FILE), "m");
      tx.commit();
    }
    assertThat(repo.versions("emb").get(1).number()).isEqualTo(1733123457L);
    assertThat(repo.versions("emb").get(1).hasModelFile()).isTrue();
  }
}
