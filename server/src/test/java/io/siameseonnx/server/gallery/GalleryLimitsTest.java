package io.siameseonnx.server.gallery;

import static io.siameseonnx.server.gallery.GalleryFixtures.OPTIONS;
import static io.siameseonnx.server.gallery.GalleryFixtures.axis;
import static io.siameseonnx.server.gallery.GalleryFixtures.model;
import static io.siameseonnx.server.gallery.GalleryFixtures.withEmbedding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a gallery refuses: long subjects, large or non-object metadata, malformed vectors. */
class GalleryLimitsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private GalleryStore store;
  private Gallery gallery;

  @BeforeEach
  void open() {
    store = GalleryStore.open(dir, OPTIONS);
    store.create("g", GallerySettings.NONE, model(1));
    gallery = store.gallery("g");
  }

  @AfterEach
  void close() throws Exception {
    store.close();
  }

  private List<String> enrol(String subject) {
    return gallery.add(subject, model(1), List.of(withEmbedding(axis(0, 1))));
  }

  @Test
  void subjectsOfUpTo256Utf8BytesAreAccepted() {
    String ascii = "a".repeat(256);
    String multiByte = "é".repeat(128);
    enrol(ascii);
    enrol(multiByte);
    assertThat(gallery.examples(ascii)).hasSize(1);
    assertThat(gallery.examples(multiByte)).hasSize(1);
  }

  @Test
  void subjectsLongerThan256Utf8BytesAreRefused() {
    assertThatThrownBy(() -> enrol("a".repeat(257)))
        .isInstanceOf(InvalidGalleryRequestException.class)
        .hasMessageContaining("257 bytes");
    assertThatThrownBy(() -> enrol("é".repeat(129)))
        .isInstanceOf(InvalidGalleryRequestException.class)
        .hasMessageContaining("258 bytes");
    assertThat(gallery.describe().examples()).isZero();
  }

  @Test
  void emptySubjectsAndBrokenUnicodeAreRefused() {
    assertThatThrownBy(() -> enrol("")).isInstanceOf(InvalidGalleryRequestException.class);
    assertThatThrownBy(() -> enrol("\uD800")).isInstanceOf(InvalidGalleryRequestException.class);
  }

  @Test
  void metadataObjectsOfUpTo4KbAreStored() {
    ObjectNode metadata = JSON.createObjectNode().put("badge", "x".repeat(4096 - 12));
    assertThat(JSON.valueToTree(metadata).toString()).hasSize(4096);
    gallery.add(
        "alice",
        model(1),
        List.of(new NewExample(new float[16], axis(0, 1), Optional.of(metadata))));
    assertThat(gallery.examples("alice").get(0).metadata()).contains(metadata);
  }

  @Test
  void metadataOver4KbIsRefused() {
    ObjectNode metadata = JSON.createObjectNode().put("badge", "x".repeat(4096 - 11));
    assertThatThrownBy(
            () ->
                gallery.add(
                    "alice",
                    model(1),
                    List.of(new NewExample(new float[16], axis(0, 1), Optional.of(metadata)))))
        .isInstanceOf(InvalidGalleryRequestException.class)
        .hasMessageContaining("4097 bytes");
  }

  @Test
  void metadataThatIsNotAnObjectIsRefused() throws Exception {
    for (String json : List.of("[1,2]", "\"text\"", "3", "null")) {
      JsonNode node = JSON.readTree(json);
      assertThatThrownBy(() -> Limits.metadataJson(node))
          .as(json)
          .isInstanceOf(InvalidGalleryRequestException.class)
          .hasMessageContaining("must be a JSON object");
    }
    assertThatThrownBy(
            () -> new GallerySettings(OptionalDouble.empty(), Optional.of((ObjectNode) null)))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void embeddingsAndTensorsMustFitTheModel() {
    assertThatThrownBy(() -> gallery.add("a", model(1), List.of(withEmbedding(new float[15]))))
        .isInstanceOf(InvalidGalleryRequestException.class)
        .hasMessageContaining("15 values");
    float[] nan = axis(0, 1);
    nan[3] = Float.NaN;
    assertThatThrownBy(() -> gallery.add("a", model(1), List.of(withEmbedding(nan))))
        .isInstanceOf(InvalidGalleryRequestException.class)
        .hasMessageContaining("not finite");
    assertThatThrownBy(
            () ->
                gallery.add(
                    "a",
                    model(1),
                    List.of(new NewExample(new float[3], axis(0, 1), Optional.empty()))))
        .isInstanceOf(InvalidGalleryRequestException.class)
        .hasMessageContaining("tensor");
    assertThatThrownBy(() -> gallery.add("a", model(1), List.of()))
        .isInstanceOf(InvalidGalleryRequestException.class);
  }

  @Test
  void searchParametersAreBounded() {
    assertThatThrownBy(() -> gallery.identify(axis(0, 1), model(1), 0, OptionalDouble.empty()))
        .isInstanceOf(InvalidGalleryRequestException.class);
    assertThatThrownBy(() -> gallery.identify(axis(0, 1), model(1), 1001, OptionalDouble.empty()))
        .isInstanceOf(InvalidGalleryRequestException.class);
    assertThatThrownBy(() -> gallery.identify(axis(0, 1), model(1), 5, OptionalDouble.of(-1)))
        .isInstanceOf(InvalidGalleryRequestException.class);
    assertThatThrownBy(() -> gallery.subjects(Optional.empty(), 0))
        .isInstanceOf(InvalidGalleryRequestException.class);
  }

  @Test
  void exampleIdsFromOutsideAreChecked() {
    assertThatThrownBy(() -> gallery.deleteExample("../x"))
        .isInstanceOf(InvalidGalleryRequestException.class);
  }
}
