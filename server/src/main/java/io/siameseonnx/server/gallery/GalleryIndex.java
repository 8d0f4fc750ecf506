package io.siameseonnx.server.gallery;

import io.siameseonnx.shared.io.AtomicFiles;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexWriterConfig.OpenMode;
import org.apache.lucene.index.MergePolicy;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.SegmentCommitInfo;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.UpgradeIndexMergePolicy;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.MMapDirectory;
import org.apache.lucene.util.IOUtils;

/**
 * One Lucene index of a gallery: its writer, searchers and group commit, and the model its
 * embeddings come from (kept in the commit's user data, so the index and its model change together
 * in one commit).
 */
final class GalleryIndex implements Closeable {
  private static final String MODEL_KEY = "siamese_onnx.gallery.model";

  private final Path path;
  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final GroupCommit commits;
  private final ModelStamp model;
  private final VectorIndexOptions options;
  private final AtomicBoolean deferringGraph;
  private volatile SubjectCount subjectCount;
  private final AtomicInteger references = new AtomicInteger(1);
  private volatile boolean removeWhenClosed;

  /** The number of subjects of one reader, cached until the reader changes. */
  private record SubjectCount(IndexReader reader, long count) {}

  /** What a search needs from a reader, at one point in time. */
  @FunctionalInterface
  interface SearchFunction<T> {
    T apply(IndexSearcher searcher) throws IOException;
  }

  /** Threads shared by all galleries of a store. */
  record Executors(ExecutorService merges, ExecutorService searches) {}

  private GalleryIndex(
      Path path,
      Directory directory,
      IndexWriter writer,
      ExecutorService searchExecutor,
      VectorIndexOptions options,
      AtomicBoolean deferringGraph)
      throws IOException {
    this.path = path;
    this.deferringGraph = deferringGraph;
    this.directory = directory;
    this.writer = writer;
    this.options = options;
    String json = null;
    Iterable<Map.Entry<String, String>> data = writer.getLiveCommitData();
    if (data != null) {
      for (Map.Entry<String, String> entry : data) {
        if (entry.getKey().equals(MODEL_KEY)) {
          json = entry.getValue();
        }
      }
    }
    if (json == null) {
      throw new IOException("index " + path + " does not record its model");
    }
    this.model = GalleryJson.stamp(GalleryJson.read(json));
    this.searchers =
        new SearcherManager(
            writer,
            new SearcherFactory() {
              @Override
              public IndexSearcher newSearcher(IndexReader reader, IndexReader previous) {
                return searchExecutor == null
                    ? new IndexSearcher(reader)
                    : new IndexSearcher(reader, searchExecutor);
              }
            });
    this.commits = new GroupCommit(writer, searchers);
  }

  /** Creates an empty index for {@code model} at {@code path} and commits it. */
  static GalleryIndex create(
      Path path, ModelStamp model, VectorIndexOptions options, Executors executors, boolean bulk)
      throws IOException {
    Directory directory = new MMapDirectory(path);
    IndexWriter writer = null;
    AtomicBoolean deferring = new AtomicBoolean(bulk && options.deferGraph());
    try {
      writer =
          new IndexWriter(directory, config(options, executors, OpenMode.CREATE, bulk, deferring));
      writer.setLiveCommitData(
          Map.of(MODEL_KEY, GalleryJson.write(GalleryJson.stamp(model))).entrySet());
      writer.commit();
      return new GalleryIndex(path, directory, writer, executors.searches(), options, deferring);
    } catch (IOException | RuntimeException e) {
      IOUtils.closeWhileHandlingException(writer, directory);
      throw e;
    }
  }

  /** Opens the last commit of the index at {@code path}. */
  static GalleryIndex open(Path path, VectorIndexOptions options, Executors executors)
      throws IOException {
    Directory directory = new MMapDirectory(path);
    IndexWriter writer = null;
    try {
      if (!DirectoryReader.indexExists(directory)) {
        throw new IOException("no index in " + path);
      }
      AtomicBoolean deferring = new AtomicBoolean();
      writer =
          new IndexWriter(directory, config(options, executors, OpenMode.APPEND, false, deferring));
      return new GalleryIndex(path, directory, writer, executors.searches(), options, deferring);
    } catch (IOException | RuntimeException e) {
      IOUtils.closeWhileHandlingException(writer, directory);
      throw e;
    }
  }

  private static IndexWriterConfig config(
      VectorIndexOptions options,
      Executors executors,
      OpenMode mode,
      boolean bulk,
      AtomicBoolean deferring) {
    Codec codec =
        IndexConfigs.codec(IndexConfigs.vectorsFormat(options, executors.merges()), deferring::get);
    return IndexConfigs.writerConfig(options, codec, mode, bulk);
  }

  /** Whether the index's options defer the graph of bulk loads to their final merge. */
  boolean defersGraph() {
    return options.deferGraph();
  }

  Path path() {
    return path;
  }

  ModelStamp model() {
    return model;
  }

  /** Adds examples; returns the sequence number to wait for with {@link #awaitDurable}. */
  long add(List<StoredExample> examples) throws IOException {
    List<Document> docs = new ArrayList<>(examples.size());
    for (StoredExample example : examples) {
      docs.add(ExampleDocuments.toDocument(example, model.metric()));
    }
    return writer.addDocuments(docs);
  }

  /** Adds or replaces examples by id. */
  long upsert(List<StoredExample> examples) throws IOException {
    long seq = -1;
    for (StoredExample example : examples) {
      seq =
          writer.updateDocument(
              ExampleDocuments.idTerm(example.id()),
              ExampleDocuments.toDocument(example, model.metric()));
    }
    return seq;
  }

  /** Deletes the examples that hold {@code term}. */
  long delete(Term term) throws IOException {
    return writer.deleteDocuments(term);
  }

  /** Returns once operation {@code seq} is committed and visible to searches. */
  void awaitDurable(long seq) throws IOException {
    commits.await(seq);
  }

  /** Commits everything indexed so far and refreshes the searchers. */
  void commitAll() throws IOException {
    commits.await(writer.getMaxCompletedSequenceNumber());
  }

  /**
   * Switches to bulk loading (large buffer, no merges, and with {@code deferGraph} no graphs until
   * the final merge) or back. Flush before switching back, so that all bulk segments are flat.
   */
  void bulkMode(boolean on) {
    deferringGraph.set(on && options.deferGraph());
    // A bulk flush is large: copying it into a compound file would only cost time.
    writer.getConfig().setUseCompoundFile(!on);
    writer.getConfig().setRAMBufferSizeMB(on ? options.bulkRamBufferMb() : options.ramBufferMb());
    writer.getConfig().setMergePolicy(on ? NoMergePolicy.INSTANCE : IndexConfigs.livePolicy());
  }

  /**
   * Merges the index down to one segment (blocks), then commits. A segment written without a graph
   * (a deferred bulk load) is rewritten even when it is the only one, which Lucene's force merge
   * alone leaves as it is: that rewrite is what builds its graph.
   */
  void forceMerge() throws IOException {
    MergePolicy live = writer.getConfig().getMergePolicy();
    writer
        .getConfig()
        .setMergePolicy(
            new UpgradeIndexMergePolicy(live) {
              @Override
              protected boolean shouldUpgradeSegment(SegmentCommitInfo segment) {
                return withoutGraph(segment);
              }
            });
    try {
      writer.forceMerge(1);
    } finally {
      writer.getConfig().setMergePolicy(live);
    }
    commitAll();
  }

  /** Whether a segment's vectors were written by {@link ExactVectorsFormat} (no graph). */
  static boolean withoutGraph(SegmentCommitInfo segment) {
    try {
      return segment.files().stream().anyMatch(file -> file.contains(ExactVectorsFormat.NAME));
    } catch (IOException e) {
      return true; // unknown: rewriting it costs time, never correctness
    }
  }

  /** Writes all buffered examples to segments (without committing). */
  void flush() throws IOException {
    writer.flush();
  }

  /** Segments in the current searcher. */
  int segments() throws IOException {
    return search(s -> s.getIndexReader().leaves().size());
  }

  /** A searcher at one point in time, to {@link #release} after use. */
  IndexSearcher acquire() throws IOException {
    return searchers.acquire();
  }

  /** Releases a searcher from {@link #acquire}. */
  void release(IndexSearcher searcher) throws IOException {
    searchers.release(searcher);
  }

  /** Runs {@code function} on a searcher at one point in time. */
  <T> T search(SearchFunction<T> function) throws IOException {
    IndexSearcher searcher = searchers.acquire();
    try {
      return function.apply(searcher);
    } finally {
      searchers.release(searcher);
    }
  }

  /** Distinct subjects with at least one example, cached per reader. */
  long subjectCount() throws IOException {
    return search(
        s -> {
          SubjectCount cached = subjectCount;
          if (cached != null && cached.reader() == s.getIndexReader()) {
            return cached.count();
          }
          long count = GalleryReads.countSubjects(s.getIndexReader());
          subjectCount = new SubjectCount(s.getIndexReader(), count);
          return count;
        });
  }

  /**
   * Takes a reference that keeps the index open after the gallery lets go of it (a swap or a close
   * during an export); false when it is already closed.
   */
  boolean retain() {
    while (true) {
      int current = references.get();
      if (current == 0) {
        return false;
      }
      if (references.compareAndSet(current, current + 1)) {
        return true;
      }
    }
  }

  /** Drops a reference; the last one closes the index (and removes its folder once retired). */
  void release() throws IOException {
    if (references.decrementAndGet() == 0) {
      close();
      if (removeWhenClosed) {
        AtomicFiles.deleteRecursively(path);
      }
    }
  }

  /** Lets go of the gallery's own reference: closed now, or when the last user releases it. */
  void retire(boolean removeFolder) throws IOException {
    removeWhenClosed = removeFolder;
    release();
  }

  @Override
  public void close() throws IOException {
    subjectCount = null;
    IOUtils.close(searchers, writer, directory);
  }
}
