package io.siameseonnx.server.gallery;

/**
 * How galleries index and search their embeddings: the HNSW graph's shape, quantization, segments
 * and how many candidates a search explores. The figures behind the defaults are in the README's
 * gallery benchmark ({@code siamese-server bench gallery}).
 *
 * @param maxConn HNSW neighbours per node (Lucene's {@code maxConn}, "M")
 * @param beamWidth candidates tracked while inserting a node ("efConstruction")
 * @param quantization how the graph's vectors are held in memory; the raw float32 vectors are
 *     always kept too, and reported distances are computed exactly from them
 * @param mergeWorkers threads that build the graph of one merged segment concurrently (Lucene's
 *     concurrent HNSW merge); 1 merges on the merge thread alone
 * @param ramBufferMb indexing buffer in normal operation (each commit flushes anyway)
 * @param bulkRamBufferMb indexing buffer during a bulk load or a re-embedding: large buffers make
 *     few large segments, so the graph is built once instead of rebuilt by merge after merge
 * @param candidates examples a search explores (Lucene's {@code k} of the HNSW search, the "ef" of
 *     the literature); results are re-ranked by their exact distance
 * @param searchThreads threads that search a multi-segment gallery's segments in parallel for one
 *     query; 1 searches them one after the other on the caller's thread
 * @param deferGraph bulk loads (and re-embeddings) write vectors without a graph and build one
 *     graph for all of them in the final merge, on {@code mergeWorkers} threads, instead of a graph
 *     per segment that the merge then extends ({@link ExactVectorsFormat})
 */
public record VectorIndexOptions(
    int maxConn,
    int beamWidth,
    Quantization quantization,
    int mergeWorkers,
    double ramBufferMb,
    double bulkRamBufferMb,
    int candidates,
    int searchThreads,
    boolean deferGraph) {

  /**
   * The defaults, chosen by the gallery benchmark on 2 cores: M 32 with beam 50 and a deferred
   * graph for bulk loads is the configuration that met both the search goal (p99 3.62 ms at
   * recall@10 0.9917 with 100 candidates) and the bulk goal (1,853 examples a second, merge
   * included) at 1,000,000 examples; beam 100 with M 16 built at half that rate.
   */
  public static final VectorIndexOptions DEFAULTS =
      new VectorIndexOptions(32, 50, Quantization.NONE, 2, 64, 1024, 100, 1, true);

  /** How the HNSW graph's vectors are held. */
  public enum Quantization {
    /** float32, as given (4 bytes a dimension). */
    NONE(0),
    /** Lucene's scalar quantization to 7 bits (1 byte a dimension). */
    INT8(7),
    /** Lucene's scalar quantization to 4 bits, two dimensions a byte. */
    INT4(4);

    private final int bits;

    Quantization(int bits) {
      this.bits = bits;
    }

    /** Bits a dimension; 0 for none. */
    public int bits() {
      return bits;
    }
  }

  /** Checks the values against Lucene's bounds. */
  public VectorIndexOptions {
    if (maxConn < 2 || maxConn > 512) {
      throw new IllegalArgumentException("maxConn must be 2 to 512, got " + maxConn);
    }
    if (beamWidth < 1 || beamWidth > 3200) {
      throw new IllegalArgumentException("beamWidth must be 1 to 3200, got " + beamWidth);
    }
    if (quantization == null) {
      throw new IllegalArgumentException("quantization must be given");
    }
    if (mergeWorkers < 1) {
      throw new IllegalArgumentException("mergeWorkers must be positive, got " + mergeWorkers);
    }
    if (!(ramBufferMb >= 1) || !(bulkRamBufferMb >= 1)) {
      throw new IllegalArgumentException("RAM buffers must be at least 1 MB");
    }
    if (candidates < 1 || candidates > 10_000) {
      throw new IllegalArgumentException("candidates must be 1 to 10000, got " + candidates);
    }
    if (searchThreads < 1) {
      throw new IllegalArgumentException("searchThreads must be positive, got " + searchThreads);
    }
  }

  /** A copy with another candidate count. */
  public VectorIndexOptions withCandidates(int value) {
    return new VectorIndexOptions(
        maxConn,
        beamWidth,
        quantization,
        mergeWorkers,
        ramBufferMb,
        bulkRamBufferMb,
        value,
        searchThreads,
        deferGraph);
  }

  /** A copy with another number of merge workers. */
  public VectorIndexOptions withMergeWorkers(int value) {
    return new VectorIndexOptions(
        maxConn,
        beamWidth,
        quantization,
        value,
        ramBufferMb,
        bulkRamBufferMb,
        candidates,
        searchThreads,
        deferGraph);
  }
}
