package io.siameseonnx.server.gallery;

import io.siameseonnx.shared.distance.Metric;
import java.util.concurrent.ExecutorService;
import java.util.function.BooleanSupplier;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.index.ConcurrentMergeScheduler;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.MergePolicy;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.index.VectorSimilarityFunction;

/**
 * Turns {@link VectorIndexOptions} into Lucene's writer settings. Only writing needs them: Lucene
 * records each segment's format by name, so any gallery opens with the default codec.
 */
final class IndexConfigs {
  private IndexConfigs() {}

  /** The vector format for the options; {@code mergeExecutor} is needed when merge workers > 1. */
  static KnnVectorsFormat vectorsFormat(VectorIndexOptions options, ExecutorService mergeExecutor) {
    int workers = options.mergeWorkers();
    ExecutorService executor = workers > 1 ? mergeExecutor : null;
    if (workers > 1 && executor == null) {
      throw new IllegalArgumentException("merge workers > 1 need an executor");
    }
    return switch (options.quantization()) {
      case NONE ->
          new Lucene99HnswVectorsFormat(options.maxConn(), options.beamWidth(), workers, executor);
      case INT8 ->
          new Lucene99HnswScalarQuantizedVectorsFormat(
              options.maxConn(), options.beamWidth(), workers, 7, false, null, executor);
      case INT4 ->
          new Lucene99HnswScalarQuantizedVectorsFormat(
              options.maxConn(), options.beamWidth(), workers, 4, true, null, executor);
    };
  }

  /**
   * Lucene 9.12's codec with the gallery's vector format for every vector field, or, while {@code
   * deferGraph} says so, vectors without a graph (asked at each flush and merge).
   */
  static Codec codec(KnnVectorsFormat format, BooleanSupplier deferGraph) {
    KnnVectorsFormat exact = new ExactVectorsFormat();
    return new Lucene912Codec() {
      @Override
      public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
        return deferGraph.getAsBoolean() ? exact : format;
      }
    };
  }

  /** Writer settings for normal operation or, with {@code bulk}, a bulk load (no merges). */
  static IndexWriterConfig writerConfig(
      VectorIndexOptions options, Codec codec, IndexWriterConfig.OpenMode mode, boolean bulk) {
    return new IndexWriterConfig()
        .setCodec(codec)
        .setOpenMode(mode)
        .setCommitOnClose(false)
        .setMergeScheduler(new ConcurrentMergeScheduler())
        .setRAMBufferSizeMB(bulk ? options.bulkRamBufferMb() : options.ramBufferMb())
        .setUseCompoundFile(!bulk)
        .setMergePolicy(bulk ? NoMergePolicy.INSTANCE : livePolicy());
  }

  /** The merge policy outside bulk loads. */
  static MergePolicy livePolicy() {
    return new TieredMergePolicy();
  }

  /** Lucene's similarity for a metric; distances are recomputed exactly with the metric itself. */
  static VectorSimilarityFunction similarity(Metric metric) {
    return switch (metric) {
      case EUCLIDEAN -> VectorSimilarityFunction.EUCLIDEAN;
      case COSINE -> VectorSimilarityFunction.COSINE;
    };
  }
}
