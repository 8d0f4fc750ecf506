package io.siameseonnx.server.gallery;

import static io.siameseonnx.server.gallery.GalleryFixtures.OPTIONS;
import static io.siameseonnx.server.gallery.GalleryFixtures.model;
import static io.siameseonnx.server.gallery.GalleryFixtures.projection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Export to JSON Lines and import back, into the same or another store. */
class GalleryExportTest {
  @TempDir Path dir;

  private final TensorEmbedder modelOne = projection(1);

  private byte[] exportOf(Gallery gallery) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    gallery.exportTo(out);
    return out.toByteArray();
  }

  private void enrol(Gallery gallery) {
    Random random = new Random(3);
    ObjectNode metadata = new ObjectMapper().createObjectNode().put("camera", "front");
    for (int s = 0; s < 12; s++) {
      List<NewExample> examples = new ArrayList<>();
      for (NewExample e : GalleryFixtures.examples(random, modelOne, 1 + s % 3)) {
        examples.add(new NewExample(e.tensor(), e.embedding(), Optional.of(metadata)));
      }
      gallery.add("subject-" + s, model(1), examples);
    }
    gallery.deleteSubject("subject-4");
  }

  private static List<String> lines(byte[] export) {
    return new String(export, StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void anImportedGalleryHoldsTheSameExamplesAndAnswersTheSame() throws Exception {
    byte[] export;
    ObjectNode galleryMetadata = new ObjectMapper().createObjectNode().put("site", "lab");
    GallerySettings settings =
        new GallerySettings(OptionalDouble.of(0.7), Optional.of(galleryMetadata));
    Identification before;
    float[] query = modelOne.embed(new float[][] {GalleryFixtures.tensor(new Random(99))})[0];
    try (GalleryStore store = GalleryStore.open(dir.resolve("a"), OPTIONS)) {
      store.create("people", settings, model(1));
      enrol(store.gallery("people"));
      export = exportOf(store.gallery("people"));
      before = store.gallery("people").identify(query, model(1), 5, OptionalDouble.empty());
    }
    List<String> lines = lines(export);
    assertThat(lines).hasSize(1 + 24 - 2);
    assertThat(lines.get(0)).contains("\"format\":\"siamese-onnx-gallery\"");

    try (GalleryStore other = GalleryStore.open(dir.resolve("b"), OPTIONS)) {
      ImportResult result = other.importFrom("copy", new ByteArrayInputStream(export));
      assertThat(result).isEqualTo(new ImportResult("copy", true, 22));
      Gallery copy = other.gallery("copy");
      assertThat(copy.settings()).isEqualTo(settings);
      assertThat(copy.model()).isEqualTo(model(1));
      assertThat(copy.identify(query, model(1), 5, OptionalDouble.empty())).isEqualTo(before);
      assertThat(sortedLines(exportOf(copy)))
          .isEqualTo(
              sortedLines(export).stream()
                  .map(l -> l.replace("\"gallery\":\"people\"", "\"gallery\":\"copy\""))
                  .sorted()
                  .toList());
    }
  }

  private static List<String> sortedLines(byte[] export) {
    List<String> lines = new ArrayList<>(lines(export));
    lines.sort(Comparator.naturalOrder());
    return lines;
  }

  @Test
  void importingTheSameExportAgainChangesNothing() throws Exception {
    try (GalleryStore store = GalleryStore.open(dir, OPTIONS)) {
      store.create("people", GallerySettings.NONE, model(1));
      enrol(store.gallery("people"));
      byte[] export = exportOf(store.gallery("people"));

      ImportResult again = store.importFrom("people", new ByteArrayInputStream(export));

      assertThat(again.created()).isFalse();
      assertThat(again.examples()).isEqualTo(22);
      assertThat(store.gallery("people").describe().examples()).isEqualTo(22);
      assertThat(sortedLines(exportOf(store.gallery("people")))).isEqualTo(sortedLines(export));
    }
  }

  @Test
  void anExportOfAnotherModelIsNotMixedIn() throws Exception {
    try (GalleryStore store = GalleryStore.open(dir, OPTIONS)) {
      store.create("old", GallerySettings.NONE, model(1));
      enrol(store.gallery("old"));
      store.create("new", GallerySettings.NONE, model(2));
      byte[] export = exportOf(store.gallery("old"));

      assertThatThrownBy(() -> store.importFrom("new", new ByteArrayInputStream(export)))
          .isInstanceOf(GalleryConflictException.class);
      assertThat(store.gallery("new").describe().examples()).isZero();
    }
  }

  @Test
  void malformedLinesAreReportedWithTheirNumber() throws Exception {
    try (GalleryStore store = GalleryStore.open(dir, OPTIONS)) {
      store.create("people", GallerySettings.NONE, model(1));
      enrol(store.gallery("people"));
      List<String> lines = new ArrayList<>(lines(exportOf(store.gallery("people"))));
      lines.set(3, lines.get(3).replace("\"embedding\":\"", "\"embedding\":\"!"));
      byte[] broken = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);

      assertThatThrownBy(() -> store.importFrom("copy", new ByteArrayInputStream(broken)))
          .isInstanceOf(InvalidGalleryRequestException.class)
          .hasMessageStartingWith("line 4:");
      assertThatThrownBy(
              () ->
                  store.importFrom(
                      "other", new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8))))
          .isInstanceOf(InvalidGalleryRequestException.class)
          .hasMessageContaining("header");
    }
  }
}
