package io.siameseonnx.server.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import io.siameseonnx.server.gallery.bench.ClusteredVectors;
import io.siameseonnx.server.gallery.bench.ExactSearch;
import io.siameseonnx.shared.distance.Metric;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recall@10 of the HNSW search with the default settings against an exact scan, on a few thousand
 * clustered 128-d unit vectors, loaded both ways: bulk (one merged segment) and by ordinary
 * enrolments (many small segments and merges).
 */
class GalleryRecallTest {
  private static final int VECTORS = 4000;
  private static final int QUERIES = 200;
  private static final ModelStamp MODEL =
      new ModelStamp("m", 1, "f", 128, Metric.EUCLIDEAN, 1.0, List.of(1, 1, 1));

  @TempDir Path dir;

  private final ClusteredVectors vectors = new ClusteredVectors(128, 80, 0.7, 7);

  @Test
  void bulkLoadedGalleryFindsAtLeast98PercentOfTheExactNeighbours() throws Exception {
    try (GalleryStore store = GalleryStore.open(dir, VectorIndexOptions.DEFAULTS)) {
      store.create("g", GallerySettings.NONE, MODEL);
      Gallery gallery = store.gallery("g");
      try (BulkLoad load = gallery.bulkLoad()) {
        load.add(allStored());
        assertThat(load.finish(true).segments()).isEqualTo(1);
      }
      assertThat(recall(gallery)).isGreaterThanOrEqualTo(0.98);
    }
  }

  @Test
  void aBulkLoadWithADeferredGraphBuildsOneGraphAndFindsAtLeast98Percent() throws Exception {
    VectorIndexOptions deferred =
        new VectorIndexOptions(
            16, 100, VectorIndexOptions.Quantization.NONE, 2, 64, 256, 100, 1, true);
    try (GalleryStore store = GalleryStore.open(dir, deferred)) {
      store.create("g", GallerySettings.NONE, MODEL);
      Gallery gallery = store.gallery("g");
      try (BulkLoad load = gallery.bulkLoad()) {
        load.add(allStored());
        // Asked not to merge, it merges all the same: the graph is built by that merge, even
        // though the load flushed one segment, which a force merge alone leaves as it is.
        assertThat(load.finish(false).segments()).isEqualTo(1);
      }
      // A segment without a graph would be searched exactly (recall 1.0): look at the files.
      try (Stream<Path> files = Files.walk(dir)) {
        assertThat(files.map(Path::toString))
            .isNotEmpty()
            .noneMatch(name -> name.contains(ExactVectorsFormat.NAME));
      }
      assertThat(recall(gallery)).isGreaterThanOrEqualTo(0.98);
    }
  }

  @Test
  void segmentsWithoutAGraphAreSearchedExactly() throws Exception {
    VectorIndexOptions deferred =
        new VectorIndexOptions(
            16, 100, VectorIndexOptions.Quantization.NONE, 1, 64, 256, 100, 1, true);
    try (GalleryStore store = GalleryStore.open(dir, deferred)) {
      store.create("g", GallerySettings.NONE, MODEL);
      Gallery gallery = store.gallery("g");
      try (BulkLoad load = gallery.bulkLoad()) {
        load.add(allStored());
        // An ordinary enrolment meanwhile commits the bulk load's segments, still without a graph.
        gallery.add(
            "extra",
            MODEL,
            List.of(new NewExample(new float[1], vectors.vector(VECTORS), Optional.empty())));
        assertThat(recall(gallery)).isEqualTo(1.0);
      }
    }
    try (GalleryStore reopened = GalleryStore.open(dir, deferred)) {
      assertThat(recall(reopened.gallery("g"))).isEqualTo(1.0);
    }
  }

  @Test
  void galleryEnrolledInManySmallCommitsFindsAtLeast98Percent() throws Exception {
    try (GalleryStore store = GalleryStore.open(dir, VectorIndexOptions.DEFAULTS)) {
      store.create("g", GallerySettings.NONE, MODEL);
      Gallery gallery = store.gallery("g");
      for (int from = 0; from < VECTORS; from += 100) {
        List<NewExample> examples = new ArrayList<>();
        for (int i = from; i < from + 100; i++) {
          examples.add(new NewExample(new float[1], vectors.vector(i), Optional.empty()));
        }
        List<String> ids = gallery.add("batch-" + from, MODEL, examples);
        assertThat(ids).hasSize(100);
      }
      assertThat(recallByDistance(gallery)).isGreaterThanOrEqualTo(0.98);
    }
  }

  private static VectorIndexOptions deferred(int mergeWorkers) {
    return new VectorIndexOptions(
        16, 100, VectorIndexOptions.Quantization.NONE, mergeWorkers, 64, 256, 100, 1, true);
  }

  private List<StoredExample> allStored() {
    List<StoredExample> all = new ArrayList<>();
    for (int i = 0; i < VECTORS; i++) {
      all.add(stored(i));
    }
    return all;
  }

  private StoredExample stored(int i) {
    return new StoredExample(
        "v" + i,
        "s" + vectors.cluster(i),
        Optional.empty(),
        ModelRef.of(MODEL),
        Instant.EPOCH,
        vectors.vector(i),
        new float[1]);
  }

  private float[][] data() {
    float[][] data = new float[VECTORS][];
    for (int i = 0; i < VECTORS; i++) {
      data[i] = vectors.vector(i);
    }
    return data;
  }

  private float[][] queries() {
    float[][] queries = new float[QUERIES][];
    for (int q = 0; q < QUERIES; q++) {
      queries[q] = vectors.query(q);
    }
    return queries;
  }

  private double recall(Gallery gallery) throws Exception {
    float[][] queries = queries();
    int[][] exact = ExactSearch.nearest(data(), queries, 10, 2);
    int[][] found = new int[QUERIES][];
    for (int q = 0; q < QUERIES; q++) {
      found[q] =
          gallery.nearest(queries[q], MODEL, 10, VectorIndexOptions.DEFAULTS.candidates()).stream()
              .filter(n -> n.exampleId().startsWith("v"))
              .mapToInt(n -> Integer.parseInt(n.exampleId().substring(1)))
              .toArray();
    }
    return ExactSearch.recall(exact, found);
  }

  /** Ids are the store's own here: compare the distances found with the exact ones. */
  private double recallByDistance(Gallery gallery) throws Exception {
    float[][] data = data();
    float[][] queries = queries();
    int[][] exact = ExactSearch.nearest(data, queries, 10, 2);
    long hits = 0;
    for (int q = 0; q < QUERIES; q++) {
      double tenth = Metric.EUCLIDEAN.between(queries[q], data[exact[q][9]]);
      hits +=
          gallery.nearest(queries[q], MODEL, 10, VectorIndexOptions.DEFAULTS.candidates()).stream()
              .filter(n -> n.distance() <= tenth)
              .count();
    }
    return (double) hits / (QUERIES * 10);
  }
}
