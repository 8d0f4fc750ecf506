package io.siameseonnx.server.gallery;

import static io.siameseonnx.server.gallery.GalleryFixtures.OPTIONS;
import static io.siameseonnx.server.gallery.GalleryFixtures.axis;
import static io.siameseonnx.server.gallery.GalleryFixtures.model;
import static io.siameseonnx.server.gallery.GalleryFixtures.nudge;
import static io.siameseonnx.server.gallery.GalleryFixtures.withEmbedding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.siameseonnx.shared.distance.Metric;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Enrol, identify (open set, ranked by subject), verify and delete. */
class GalleryEnrolmentTest {
  @TempDir Path dir;
  private GalleryStore store;
  private Gallery gallery;

  @BeforeEach
  void open() {
    Clock clock = Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC);
    store = GalleryStore.open(dir, OPTIONS, clock);
    store.create("people", GallerySettings.NONE, model(1));
    gallery = store.gallery("people");
  }

  @AfterEach
  void close() throws Exception {
    store.close();
  }

  @Test
  void addReturnsStableIdsThatListingsShow() {
    List<String> ids =
        gallery.add(
            "alice", model(1), List.of(withEmbedding(axis(0, 1)), withEmbedding(axis(1, 1))));
    assertThat(ids).hasSize(2).doesNotHaveDuplicates();
    List<ExampleInfo> examples = gallery.examples("alice");
    assertThat(examples).extracting(ExampleInfo::id).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(examples)
        .allSatisfy(
            e -> {
              assertThat(e.subject()).isEqualTo("alice");
              assertThat(e.model()).isEqualTo(ModelRef.of(model(1)));
              assertThat(e.enrolledAt()).isEqualTo(Instant.parse("2025-01-02T03:04:05Z"));
            });
  }

  @Test
  void identifyFindsTheNearestSubjectAtItsExactDistance() {
    gallery.add("alice", model(1), List.of(withEmbedding(axis(0, 1))));
    gallery.add("bob", model(1), List.of(withEmbedding(axis(1, 1))));
    float[] query = nudge(axis(0, 1), 2, 0.1f);

    Identification result = gallery.identify(query, model(1), 5, OptionalDouble.empty());

    assertThat(result.identified()).contains("alice");
    assertThat(result.matches()).extracting(SubjectMatch::subject).containsExactly("alice", "bob");
    assertThat(result.matches().get(0).distance())
        .isEqualTo(Metric.EUCLIDEAN.between(query, axis(0, 1)));
    assertThat(result.matches().get(1).distance())
        .isCloseTo(Metric.EUCLIDEAN.between(query, axis(1, 1)), within(1e-12));
    assertThat(result.matches().get(0).similar()).isTrue();
    assertThat(result.matches().get(1).similar()).isFalse();
    assertThat(result.threshold()).isEqualTo(0.5);
  }

  @Test
  void aSubjectWithManyExamplesAppearsOnceAtItsNearestExample() {
    List<NewExample> alice = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      alice.add(withEmbedding(nudge(axis(0, 1), 3, 0.05f * (i + 1))));
    }
    List<String> aliceIds = gallery.add("alice", model(1), alice);
    gallery.add("bob", model(1), List.of(withEmbedding(nudge(axis(0, 1), 4, 0.12f))));
    gallery.add("carol", model(1), List.of(withEmbedding(axis(5, 1))));

    Identification result = gallery.identify(axis(0, 1), model(1), 3, OptionalDouble.empty());

    assertThat(result.matches())
        .extracting(SubjectMatch::subject)
        .containsExactly("alice", "bob", "carol");
    assertThat(result.matches().get(0).exampleId()).isEqualTo(aliceIds.get(0));
    assertThat(result.matches().get(0).distance()).isCloseTo(0.05, within(1e-6));
    assertThat(result.matches().get(1).distance()).isCloseTo(0.12, within(1e-6));
  }

  @Test
  void topKLimitsTheSubjectsReturned() {
    for (int i = 0; i < 6; i++) {
      gallery.add("s" + i, model(1), List.of(withEmbedding(axis(i, 1))));
    }
    assertThat(gallery.identify(axis(0, 1), model(1), 2, OptionalDouble.empty()).matches())
        .hasSize(2);
  }

  @Test
  void openSetIdentifiesNobodyWhenTheNearestIsNotBelowTheThreshold() {
    gallery.add("alice", model(1), List.of(withEmbedding(axis(0, 1))));

    Identification far = gallery.identify(axis(1, 1), model(1), 5, OptionalDouble.empty());
    assertThat(far.identified()).isEmpty();
    assertThat(far.matches()).extracting(SubjectMatch::subject).containsExactly("alice");
    assertThat(far.matches().get(0).similar()).isFalse();

    Identification lenient = gallery.identify(axis(1, 1), model(1), 5, OptionalDouble.of(2.0));
    assertThat(lenient.identified()).contains("alice");
  }

  @Test
  void anEmptyGalleryIdentifiesNobody() {
    Identification result = gallery.identify(axis(0, 1), model(1), 5, OptionalDouble.empty());
    assertThat(result.matches()).isEmpty();
    assertThat(result.identified()).isEmpty();
  }

  @Test
  void theGallerysOwnThresholdOverridesTheModels() {
    store.create(
        "strict",
        new GallerySettings(OptionalDouble.of(0.01), java.util.Optional.empty()),
        model(1));
    Gallery strict = store.gallery("strict");
    strict.add("alice", model(1), List.of(withEmbedding(axis(0, 1))));
    Identification result =
        strict.identify(nudge(axis(0, 1), 1, 0.1f), model(1), 1, OptionalDouble.empty());
    assertThat(result.threshold()).isEqualTo(0.01);
    assertThat(result.identified()).isEmpty();
  }

  @Test
  void verifyComparesWithTheSubjectsNearestExample() {
    List<String> ids =
        gallery.add(
            "alice", model(1), List.of(withEmbedding(axis(0, 1)), withEmbedding(axis(1, 1))));
    gallery.add("bob", model(1), List.of(withEmbedding(nudge(axis(1, 1), 2, 0.01f))));

    SubjectVerification result =
        gallery.verify(nudge(axis(1, 1), 2, 0.2f), model(1), "alice", OptionalDouble.empty());

    assertThat(result.subject()).isEqualTo("alice");
    assertThat(result.exampleId()).isEqualTo(ids.get(1));
    assertThat(result.distance()).isCloseTo(0.2, within(1e-6));
    assertThat(result.similar()).isTrue();
    assertThat(gallery.verify(axis(2, 1), model(1), "alice", OptionalDouble.empty()).similar())
        .isFalse();
  }

  @Test
  void verifyAgainstAnUnknownSubjectIsNotFound() {
    assertThatThrownBy(() -> gallery.verify(axis(0, 1), model(1), "nobody", OptionalDouble.empty()))
        .isInstanceOf(SubjectNotFoundException.class);
  }

  @Test
  void deleteSubjectRemovesAllItsExamples() {
    gallery.add("alice", model(1), List.of(withEmbedding(axis(0, 1)), withEmbedding(axis(1, 1))));
    gallery.add("bob", model(1), List.of(withEmbedding(axis(2, 1))));

    assertThat(gallery.deleteSubject("alice")).isEqualTo(2);

    assertThatThrownBy(() -> gallery.examples("alice"))
        .isInstanceOf(SubjectNotFoundException.class);
    assertThat(gallery.identify(axis(0, 1), model(1), 5, OptionalDouble.empty()).matches())
        .extracting(SubjectMatch::subject)
        .containsExactly("bob");
    assertThat(gallery.describe().examples()).isEqualTo(1);
    assertThat(gallery.describe().subjects()).isEqualTo(1);
    assertThatThrownBy(() -> gallery.deleteSubject("alice"))
        .isInstanceOf(SubjectNotFoundException.class);
  }

  @Test
  void deleteExampleRemovesOnlyThatExample() {
    List<String> ids =
        gallery.add(
            "alice", model(1), List.of(withEmbedding(axis(0, 1)), withEmbedding(axis(1, 1))));

    gallery.deleteExample(ids.get(0));

    assertThat(gallery.examples("alice")).extracting(ExampleInfo::id).containsExactly(ids.get(1));
    assertThat(gallery.verify(axis(0, 1), model(1), "alice", OptionalDouble.empty()).exampleId())
        .isEqualTo(ids.get(1));
    assertThatThrownBy(() -> gallery.deleteExample(ids.get(0)))
        .isInstanceOf(ExampleNotFoundException.class);
  }

  @Test
  void embeddingsOfAnotherModelVersionAreRefused() {
    assertThatThrownBy(() -> gallery.add("alice", model(2), List.of(withEmbedding(axis(0, 1)))))
        .isInstanceOf(GalleryConflictException.class)
        .hasMessageContaining("v1")
        .hasMessageContaining("v2");
    assertThatThrownBy(() -> gallery.identify(axis(0, 1), model(2), 1, OptionalDouble.empty()))
        .isInstanceOf(GalleryConflictException.class);
  }

  @Test
  void cosineGalleriesReportCosineDistances() {
    store.create("cos", GallerySettings.NONE, model(1, Metric.COSINE));
    Gallery cosine = store.gallery("cos");
    cosine.add("alice", model(1, Metric.COSINE), List.of(withEmbedding(axis(0, 3))));
    float[] query = nudge(axis(0, 1), 1, 1);

    Identification result =
        cosine.identify(query, model(1, Metric.COSINE), 1, OptionalDouble.empty());

    assertThat(result.matches().get(0).distance())
        .isEqualTo(Metric.COSINE.between(query, axis(0, 3)));
    assertThatThrownBy(
            () ->
                cosine.identify(new float[16], model(1, Metric.COSINE), 1, OptionalDouble.empty()))
        .isInstanceOf(InvalidGalleryRequestException.class);
  }

  @Test
  void concurrentEnrolmentsAreEachVisibleWhenTheyReturn() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 20; i++) {
                    String subject = "t" + thread + "-" + i;
                    List<String> ids =
                        gallery.add(
                            subject, model(1), List.of(withEmbedding(axis((thread + i) % 16, 1))));
                    assertThat(gallery.examples(subject))
                        .extracting(ExampleInfo::id)
                        .isEqualTo(ids);
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(gallery.describe().examples()).isEqualTo(160);
    assertThat(gallery.describe().subjects()).isEqualTo(160);
  }
}
