package io.siameseonnx.server.gallery;

import static io.siameseonnx.server.gallery.GalleryFixtures.OPTIONS;
import static io.siameseonnx.server.gallery.GalleryFixtures.model;
import static io.siameseonnx.server.gallery.GalleryFixtures.projection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Re-embedding a gallery with a new model version from its stored tensors: searches go on against
 * the old index, changes made meanwhile are carried over, and the result equals a fresh enrolment.
 */
class GalleryRebuildTest {
  private static final int BATCH = 8;

  @TempDir Path dir;
  private final TensorEmbedder modelOne = projection(1);
  private final TensorEmbedder modelTwo = projection(2);
  private final ExecutorService background = Executors.newSingleThreadExecutor();
  private GalleryStore store;
  private Gallery gallery;
  private final List<float[]> tensors = new ArrayList<>();

  @BeforeEach
  void open() {
    store = GalleryStore.open(dir.resolve("galleries"), OPTIONS);
    store.create("people", GallerySettings.NONE, model(1));
    gallery = store.gallery("people");
    Random random = new Random(5);
    for (int s = 0; s < 20; s++) {
      List<NewExample> examples = GalleryFixtures.examples(random, modelOne, 1 + s % 4);
      examples.forEach(e -> tensors.add(e.tensor()));
      gallery.add("subject-" + s, model(1), examples);
    }
  }

  @AfterEach
  void close() throws Exception {
    store.close();
    background.shutdownNow();
  }

  private float[] queryTensor(int i) {
    return GalleryFixtures.tensor(new Random(1000 + i));
  }

  private static float[] embed(TensorEmbedder f, float[] tensor) {
    return f.embed(new float[][] {tensor})[0];
  }

  @Test
  void afterTheSwapResultsEqualAFreshEnrolmentWithTheNewModel() throws Exception {
    List<String> idsBefore = allIds(gallery);

    RebuildProgress done =
        gallery.rebuild(model(2), modelTwo, BATCH, background).get(1, TimeUnit.MINUTES);

    assertThat(done.state()).isEqualTo(RebuildProgress.State.DONE);
    assertThat(done.done()).isEqualTo(done.total()).isEqualTo(tensors.size());
    assertThat(gallery.model()).isEqualTo(model(2));
    assertThat(allIds(gallery)).isEqualTo(idsBefore);

    store.create("fresh", GallerySettings.NONE, model(2));
    Gallery fresh = store.gallery("fresh");
    Random random = new Random(5);
    for (int s = 0; s < 20; s++) {
      List<NewExample> examples = GalleryFixtures.examples(random, modelTwo, 1 + s % 4);
      fresh.add("subject-" + s, model(2), examples);
    }
    for (int q = 0; q < 10; q++) {
      float[] query = embed(modelTwo, queryTensor(q));
      assertThat(subjectsAndDistances(gallery.identify(query, model(2), 5, OptionalDouble.empty())))
          .isEqualTo(
              subjectsAndDistances(fresh.identify(query, model(2), 5, OptionalDouble.empty())));
    }
    assertThat(gallery.examples("subject-3"))
        .allSatisfy(e -> assertThat(e.model()).isEqualTo(ModelRef.of(model(2))));
    try (Stream<Path> indexes = Files.list(dir.resolve("galleries/people"))) {
      assertThat(indexes.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("gallery.json", "CURRENT", "index-2");
    }
  }

  @Test
  void searchesAndChangesGoOnDuringTheRebuildAndChangesAreCarriedOver() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch proceed = new CountDownLatch(1);
    TensorEmbedder paused =
        batch -> {
          started.countDown();
          await(proceed);
          return modelTwo.embed(batch);
        };
    CompletableFuture<RebuildProgress> rebuild =
        gallery.rebuild(model(2), paused, BATCH, background);
    started.await();

    // Still searched with the old model, and reporting the re-embedding.
    float[] oldQuery = embed(modelOne, tensors.get(0));
    assertThat(gallery.identify(oldQuery, model(1), 1, OptionalDouble.empty()).identified())
        .contains("subject-0");
    assertThat(gallery.describe().rebuild())
        .hasValueSatisfying(p -> assertThat(p.state()).isEqualTo(RebuildProgress.State.RUNNING));
    assertThat(gallery.describe().model()).isEqualTo(model(1));
    assertThatThrownBy(() -> gallery.rebuild(model(3), modelTwo, BATCH, background))
        .isInstanceOf(GalleryConflictException.class);

    // Changes made meanwhile, with the old model's embeddings.
    float[] newcomer = GalleryFixtures.tensor(new Random(77));
    List<String> added =
        gallery.add(
            "newcomer",
            model(1),
            List.of(
                new NewExample(newcomer, embed(modelOne, newcomer), java.util.Optional.empty())));
    gallery.deleteSubject("subject-1");
    String dropped = gallery.examples("subject-3").get(0).id();
    gallery.deleteExample(dropped);

    proceed.countDown();
    assertThat(rebuild.get(1, TimeUnit.MINUTES).state()).isEqualTo(RebuildProgress.State.DONE);

    assertThat(gallery.model()).isEqualTo(model(2));
    assertThat(gallery.examples("newcomer")).extracting(ExampleInfo::id).isEqualTo(added);
    assertThat(
            gallery
                .identify(embed(modelTwo, newcomer), model(2), 1, OptionalDouble.empty())
                .identified())
        .contains("newcomer");
    assertThatThrownBy(() -> gallery.examples("subject-1"))
        .isInstanceOf(SubjectNotFoundException.class);
    assertThat(gallery.examples("subject-3")).extracting(ExampleInfo::id).doesNotContain(dropped);
    assertThat(gallery.describe().examples()).isEqualTo(tensors.size() + 1 - 2 - 1);
    assertThatThrownBy(() -> gallery.identify(oldQuery, model(1), 1, OptionalDouble.empty()))
        .isInstanceOf(GalleryConflictException.class);
  }

  @Test
  void aFailingModelLeavesTheGalleryOnItsOldModel() throws Exception {
    TensorEmbedder broken =
        batch -> {
          throw new IllegalStateException("model crashed");
        };

    RebuildProgress failed =
        gallery.rebuild(model(2), broken, BATCH, background).get(1, TimeUnit.MINUTES);

    assertThat(failed.state()).isEqualTo(RebuildProgress.State.FAILED);
    assertThat(failed.error()).hasValueSatisfying(e -> assertThat(e).contains("model crashed"));
    assertThat(gallery.model()).isEqualTo(model(1));
    assertThat(gallery.describe().examples()).isEqualTo(tensors.size());
    assertThat(dir.resolve("galleries/people/index-2")).doesNotExist();
    assertThat(
            gallery.rebuild(model(2), modelTwo, BATCH, background).get(1, TimeUnit.MINUTES).state())
        .isEqualTo(RebuildProgress.State.DONE);
  }

  @Test
  void embeddingsOfTheWrongShapeFailTheRebuild() throws Exception {
    TensorEmbedder wrong = batch -> new float[batch.length][3];
    RebuildProgress failed =
        gallery.rebuild(model(2), wrong, BATCH, background).get(1, TimeUnit.MINUTES);
    assertThat(failed.state()).isEqualTo(RebuildProgress.State.FAILED);
    assertThat(gallery.model()).isEqualTo(model(1));
  }

  @Test
  void deletingTheGalleryCancelsItsRebuild() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    TensorEmbedder slow =
        batch -> {
          started.countDown();
          sleep(20);
          return modelTwo.embed(batch);
        };
    CompletableFuture<RebuildProgress> rebuild = gallery.rebuild(model(2), slow, 1, background);
    started.await();

    store.delete("people");

    assertThat(rebuild.get(1, TimeUnit.MINUTES).state()).isEqualTo(RebuildProgress.State.CANCELLED);
    assertThat(dir.resolve("galleries/people")).doesNotExist();
  }

  @Test
  void aRebuildInterruptedByACrashIsDiscardedAtTheNextOpen() throws Exception {
    store.close();
    // What a crash mid-rebuild leaves: a partial index beside the current one.
    Path partial = dir.resolve("galleries/people/index-2");
    GalleryIndex half =
        GalleryIndex.create(
            partial,
            model(2),
            VectorIndexOptions.DEFAULTS.withMergeWorkers(1),
            new GalleryIndex.Executors(null, null),
            true);
    half.add(List.of());
    half.close();
    Files.writeString(partial.resolve("_0.cfs"), "half-written");

    store = GalleryStore.open(dir.resolve("galleries"), OPTIONS);
    gallery = store.gallery("people");

    assertThat(gallery.model()).isEqualTo(model(1));
    assertThat(gallery.describe().examples()).isEqualTo(tensors.size());
    assertThat(partial).doesNotExist();
    assertThat(
            gallery.rebuild(model(2), modelTwo, BATCH, background).get(1, TimeUnit.MINUTES).state())
        .isEqualTo(RebuildProgress.State.DONE);
  }

  @Test
  void storedTensorsOfAnotherShapeCannotBeReembedded() {
    ModelStamp bigger =
        new ModelStamp(
            "test-embedding",
            2,
            "f2",
            GalleryFixtures.DIMENSION,
            io.siameseonnx.shared.distance.Metric.EUCLIDEAN,
            0.5,
            List.of(1, 8, 8));
    assertThatThrownBy(() -> gallery.rebuild(bigger, modelTwo, BATCH, background))
        .isInstanceOf(GalleryConflictException.class)
        .hasMessageContaining("[1, 8, 8]");
  }

  private static List<String> allIds(Gallery gallery) {
    List<String> ids = new ArrayList<>();
    for (SubjectSummary s : gallery.subjects(java.util.Optional.empty(), 1000).subjects()) {
      gallery.examples(s.subject()).forEach(e -> ids.add(e.id()));
    }
    ids.sort(null);
    return ids;
  }

  private static List<String> subjectsAndDistances(Identification identification) {
    return identification.matches().stream()
        .map(m -> m.subject() + "@" + m.distance() + "/" + m.similar())
        .toList();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
