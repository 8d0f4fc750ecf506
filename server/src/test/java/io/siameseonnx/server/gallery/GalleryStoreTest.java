package io.siameseonnx.server.gallery;

import static io.siameseonnx.server.gallery.GalleryFixtures.OPTIONS;
import static io.siameseonnx.server.gallery.GalleryFixtures.axis;
import static io.siameseonnx.server.gallery.GalleryFixtures.model;
import static io.siameseonnx.server.gallery.GalleryFixtures.withEmbedding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Creating, listing, describing, reopening and deleting galleries. */
class GalleryStoreTest {
  @TempDir Path dir;

  private Path root() {
    return dir.resolve("galleries");
  }

  @Test
  void createIsIdempotentWithTheSameSettings() throws Exception {
    try (GalleryStore store = GalleryStore.open(root(), OPTIONS)) {
      GallerySettings settings = new GallerySettings(OptionalDouble.of(0.3), Optional.empty());
      assertThat(store.create("faces", settings, model(1)).created()).isTrue();
      GalleryCreation again = store.create("faces", settings, model(1));
      assertThat(again.created()).isFalse();
      assertThat(again.gallery().threshold()).isEqualTo(0.3);
      assertThat(store.names()).containsExactly("faces");
    }
  }

  @Test
  void createWithOtherSettingsIsAConflict() throws Exception {
    try (GalleryStore store = GalleryStore.open(root(), OPTIONS)) {
      store.create("faces", GallerySettings.NONE, model(1));
      GallerySettings other = new GallerySettings(OptionalDouble.of(0.2), Optional.empty());
      assertThatThrownBy(() -> store.create("faces", other, model(1)))
          .isInstanceOf(GalleryConflictException.class);
    }
  }

  @Test
  void describeReportsSizeSubjectsModelAndThreshold() throws Exception {
    try (GalleryStore store = GalleryStore.open(root(), OPTIONS)) {
      ObjectNode metadata = new ObjectMapper().createObjectNode().put("site", "lab");
      store.create(
          "faces", new GallerySettings(OptionalDouble.empty(), Optional.of(metadata)), model(1));
      Gallery gallery = store.gallery("faces");
      gallery.add("alice", model(1), List.of(withEmbedding(axis(0, 1)), withEmbedding(axis(1, 1))));
      gallery.add("bob", model(1), List.of(withEmbedding(axis(2, 1))));

      GalleryDescription description = gallery.describe();
      assertThat(description.examples()).isEqualTo(3);
      assertThat(description.subjects()).isEqualTo(2);
      assertThat(description.model()).isEqualTo(model(1));
      assertThat(description.threshold()).isEqualTo(model(1).threshold());
      assertThat(description.settings().metadata()).contains(metadata);
      assertThat(description.rebuild()).isEmpty();
    }
  }

  @Test
  void galleriesAndTheirExamplesSurviveAReopen() throws Exception {
    List<String> ids;
    try (GalleryStore store = GalleryStore.open(root(), OPTIONS)) {
      store.create("faces", GallerySettings.NONE, model(1));
      store.create("parts", GallerySettings.NONE, model(1));
      ids = store.gallery("faces").add("alice", model(1), List.of(withEmbedding(axis(0, 1))));
    }
    try (GalleryStore store = GalleryStore.open(root(), OPTIONS)) {
      assertThat(store.names()).containsExactly("faces", "parts");
      assertThat(store.gallery("faces").examples("alice"))
          .extracting(ExampleInfo::id)
          .isEqualTo(ids);
    }
  }

  @Test
  void deleteRemovesTheGalleryAndItsFolder() throws Exception {
    try (GalleryStore store = GalleryStore.open(root(), OPTIONS)) {
      store.create("faces", GallerySettings.NONE, model(1));
      Gallery gallery = store.gallery("faces");
      store.delete("faces");
      assertThat(store.names()).isEmpty();
      assertThat(root().resolve("faces")).doesNotExist();
      assertThatThrownBy(() -> store.gallery("faces")).isInstanceOf(GalleryNotFoundException.class);
      assertThatThrownBy(gallery::describe).isInstanceOf(GalleryNotFoundException.class);
      assertThatThrownBy(() -> store.delete("faces")).isInstanceOf(GalleryNotFoundException.class);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "..",
        "../escape",
        "a/b",
        "a\\b",
        "/abs",
        "Faces",
        ".hidden",
        "-dash-first",
        "_underscore-first",
        "with space",
        "dot.name",
        "ünïcode",
        "a0123456789012345678901234567890123456789012345678901234567890123"
      })
  void invalidNamesAreRefusedBeforeAnyPathIsBuilt(String name) throws Exception {
    try (GalleryStore store = GalleryStore.open(root(), OPTIONS)) {
      assertThatThrownBy(() -> store.create(name, GallerySettings.NONE, model(1)))
          .isInstanceOf(InvalidGalleryNameException.class);
      assertThatThrownBy(() -> store.gallery(name)).isInstanceOf(InvalidGalleryNameException.class);
      assertThatThrownBy(() -> store.delete(name)).isInstanceOf(InvalidGalleryNameException.class);
    }
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left).containsExactly(root());
    }
    try (Stream<Path> left = Files.list(root())) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void nullNamesAreRefused() throws Exception {
    try (GalleryStore store = GalleryStore.open(root(), OPTIONS)) {
      assertThatThrownBy(() -> store.gallery(null)).isInstanceOf(InvalidGalleryNameException.class);
    }
  }

  @Test
  void namesOfSixtyFourCharactersAreAccepted() throws Exception {
    String longest = "a" + "b".repeat(63);
    try (GalleryStore store = GalleryStore.open(root(), OPTIONS)) {
      assertThat(store.create(longest, GallerySettings.NONE, model(1)).created()).isTrue();
      assertThat(store.create("0-9_z", GallerySettings.NONE, model(1)).created()).isTrue();
    }
  }

  @Test
  void leftoversOfAnInterruptedCreateOrDeleteAreRemovedAtOpen() throws Exception {
    Files.createDirectories(root().resolve(".creating-faces-123/index-1"));
    Files.createDirectories(root().resolve(".deleting-parts-456"));
    try (GalleryStore store = GalleryStore.open(root(), OPTIONS)) {
      assertThat(store.names()).isEmpty();
    }
    try (Stream<Path> left = Files.list(root())) {
      assertThat(left).isEmpty();
    }
  }
}
