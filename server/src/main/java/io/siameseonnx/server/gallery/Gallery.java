package io.siameseonnx.server.gallery;

import io.siameseonnx.shared.distance.Metric;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.lucene.index.Term;
import org.apache.lucene.store.AlreadyClosedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gallery: enrol examples of subjects, identify a query among them (open set), verify it
 * against one subject, list and delete, export, and re-embed with a new model version. Thread-safe.
 * A change returns only once it is committed (it survives a crash) and visible to searches.
 *
 * <p>Every operation holds the read side of a lock over the current index; a re-embedding takes the
 * write side only to swap indexes, so searches and enrolments go on during it.
 */
public final class Gallery implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(Gallery.class);
  private static final Duration REBUILD_STOP_TIMEOUT = Duration.ofSeconds(30);

  private final GalleryName name;
  private final Path folder;
  private final GalleryFiles.Stored stored;
  private final VectorIndexOptions options;
  private final GalleryIndex.Executors executors;
  private final Clock clock;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  // Guarded by lock: read to use, write to replace.
  private GalleryIndex index;
  private RebuildJournal journal;
  private boolean bulkLoading;
  private boolean closed;

  private volatile RebuildProgress rebuild;
  private volatile Rebuild running;

  /** An operation on the current index. */
  @FunctionalInterface
  interface IndexOperation<T> {
    T apply(GalleryIndex index) throws IOException;
  }

  private Gallery(
      GalleryName name,
      Path folder,
      GalleryFiles.Stored stored,
      GalleryIndex index,
      VectorIndexOptions options,
      GalleryIndex.Executors executors,
      Clock clock) {
    this.name = name;
    this.folder = folder;
    this.stored = stored;
    this.index = index;
    this.options = options;
    this.executors = executors;
    this.clock = clock;
  }

  /** Writes a new, empty gallery into {@code folder}: settings, an empty index, the pointer. */
  static void initialize(
      Path folder,
      GalleryFiles.Stored stored,
      ModelStamp model,
      VectorIndexOptions options,
      GalleryIndex.Executors executors)
      throws IOException {
    GalleryFiles.writeSettings(folder, stored);
    Path indexDir = folder.resolve(GalleryFiles.FIRST_INDEX);
    GalleryIndex.create(indexDir, model, options, executors, false).close();
    GalleryFiles.switchTo(folder, indexDir);
  }

  /** Opens the gallery in {@code folder}, removing what an interrupted re-embedding left. */
  static Gallery open(
      GalleryName name,
      Path folder,
      VectorIndexOptions options,
      GalleryIndex.Executors executors,
      Clock clock)
      throws IOException {
    GalleryFiles.Stored stored = GalleryFiles.readSettings(folder);
    Path current = GalleryFiles.current(folder);
    GalleryFiles.removeOthers(folder, current);
    GalleryIndex index = GalleryIndex.open(current, options, executors);
    return new Gallery(name, folder, stored, index, options, executors, clock);
  }

  /** The gallery's name. */
  public String name() {
    return name.value();
  }

  /** What its client set when creating it. */
  public GallerySettings settings() {
    return stored.settings();
  }

  /** The model version its embeddings come from: embed queries and enrolments with it. */
  public ModelStamp model() {
    return read(GalleryIndex::model);
  }

  /** Size, subjects, model, threshold and any re-embedding. */
  public GalleryDescription describe() {
    return read(
        index -> {
          long examples = index.search(s -> (long) s.getIndexReader().numDocs());
          return new GalleryDescription(
              name.value(),
              stored.createdAt(),
              stored.settings(),
              stored.settings().threshold().orElse(index.model().threshold()),
              examples,
              index.subjectCount(),
              index.model(),
              Optional.ofNullable(rebuild));
        });
  }

  /**
   * Enrols examples of {@code subject} (created by its first example), embedded by {@code model};
   * returns their new ids once they are committed.
   *
   * @throws GalleryConflictException when {@code model} is not the gallery's
   */
  public List<String> add(String subject, ModelStamp model, List<NewExample> examples) {
    Limits.checkSubject(subject);
    if (examples.isEmpty()) {
      throw new InvalidGalleryRequestException("no examples to enrol");
    }
    Instant now = clock.instant();
    ModelRef ref = ModelRef.of(model);
    List<StoredExample> records = new ArrayList<>(examples.size());
    for (NewExample example : examples) {
      records.add(
          new StoredExample(
              ExampleIds.next(),
              subject,
              example.metadata(),
              ref,
              now,
              example.embedding(),
              example.tensor()));
    }
    return read(
        index -> {
          checkModel(index.model(), model);
          for (StoredExample record : records) {
            checkExample(index.model(), record);
          }
          long seq = index.add(records);
          RebuildJournal changes = journal;
          if (changes != null) {
            changes.added(seq, records);
          }
          index.awaitDurable(seq);
          return records.stream().map(StoredExample::id).toList();
        });
  }

  /** A page of subjects after {@code cursor} (none: the first page), at most {@code limit}. */
  public SubjectPage subjects(Optional<String> cursor, int limit) {
    Limits.checkPageSize(limit);
    Optional<byte[]> after = cursor.map(SubjectCursor::decode);
    return read(
        index -> index.search(s -> GalleryReads.subjects(s.getIndexReader(), after, limit)));
  }

  /** A subject's examples, oldest first, without tensors. */
  public List<ExampleInfo> examples(String subject) {
    Limits.checkSubject(subject);
    List<ExampleInfo> examples =
        read(index -> index.search(s -> GalleryReads.examplesOf(s.getIndexReader(), subject)));
    if (examples.isEmpty()) {
      throw new SubjectNotFoundException(name.value(), subject);
    }
    return examples;
  }

  /** Deletes a subject's examples; returns how many. */
  public int deleteSubject(String subject) {
    Limits.checkSubject(subject);
    return read(
        index -> {
          int count = index.search(s -> GalleryReads.countExamples(s.getIndexReader(), subject));
          if (count == 0) {
            throw new SubjectNotFoundException(name.value(), subject);
          }
          delete(index, ExampleDocuments.subjectTerm(subject));
          return count;
        });
  }

  /** Deletes one example. */
  public void deleteExample(String id) {
    ExampleIds.check(id);
    read(
        index -> {
          if (index.search(s -> GalleryReads.subjectOfExample(s.getIndexReader(), id)).isEmpty()) {
            throw new ExampleNotFoundException(name.value(), id);
          }
          delete(index, ExampleDocuments.idTerm(id));
          return null;
        });
  }

  private void delete(GalleryIndex index, Term term) throws IOException {
    long seq = index.delete(term);
    RebuildJournal changes = journal;
    if (changes != null) {
      changes.deleted(seq, term);
    }
    index.awaitDurable(seq);
  }

  /**
   * The {@code k} examples nearest to {@code embedding} among {@code candidates} explored by the
   * HNSW search, at their exact distances.
   */
  public List<Neighbour> nearest(float[] embedding, ModelStamp model, int k, int candidates) {
    Limits.checkTopK(k);
    if (candidates < 1 || candidates > 10_000) {
      throw new InvalidGalleryRequestException("candidates must be 1 to 10000, got " + candidates);
    }
    return read(
        index -> {
          checkQuery(index.model(), model, embedding);
          Metric metric = index.model().metric();
          return index.search(s -> GalleryReads.nearest(s, embedding, metric, k, candidates));
        });
  }

  /**
   * Who is this? The {@code topK} nearest subjects (each once, at its nearest example), among the
   * examples a search explores; the nearest is identified when it is below the threshold ({@code
   * threshold}, else the gallery's, else the model's).
   */
  public Identification identify(
      float[] embedding, ModelStamp model, int topK, OptionalDouble threshold) {
    Limits.checkTopK(topK);
    threshold.ifPresent(Limits::checkThreshold);
    int explored = Math.max(options.candidates(), 2 * topK);
    return read(
        index -> {
          checkQuery(index.model(), model, embedding);
          double limit = threshold(index, threshold);
          Metric metric = index.model().metric();
          List<Neighbour> nearest =
              index.search(s -> GalleryReads.nearest(s, embedding, metric, explored, explored));
          Map<String, Neighbour> bySubject = new LinkedHashMap<>();
          for (Neighbour n : nearest) {
            if (bySubject.size() == topK && !bySubject.containsKey(n.subject())) {
              break;
            }
            bySubject.putIfAbsent(n.subject(), n);
          }
          List<SubjectMatch> matches =
              bySubject.values().stream()
                  .map(
                      n ->
                          new SubjectMatch(
                              n.subject(), n.exampleId(), n.distance(), n.distance() < limit))
                  .toList();
          Optional<String> identified =
              matches.isEmpty() || !matches.get(0).similar()
                  ? Optional.empty()
                  : Optional.of(matches.get(0).subject());
          return new Identification(matches, identified, limit);
        });
  }

  /** Is this {@code subject}? The query against the subject's nearest example (exact). */
  public SubjectVerification verify(
      float[] embedding, ModelStamp model, String subject, OptionalDouble threshold) {
    Limits.checkSubject(subject);
    threshold.ifPresent(Limits::checkThreshold);
    return read(
        index -> {
          checkQuery(index.model(), model, embedding);
          double limit = threshold(index, threshold);
          Metric metric = index.model().metric();
          Neighbour nearest =
              index
                  .search(
                      s ->
                          GalleryReads.nearestOfSubject(
                              s.getIndexReader(), embedding, metric, subject))
                  .orElseThrow(() -> new SubjectNotFoundException(name.value(), subject));
          return new SubjectVerification(
              subject, nearest.distance(), nearest.distance() < limit, limit, nearest.exampleId());
        });
  }

  /**
   * Starts a bulk load: examples with ids of their own, indexed into large segments without merges
   * and committed once, by {@link BulkLoad#finish}. Only one runs at a time, and none during a
   * re-embedding.
   */
  public BulkLoad bulkLoad() {
    return bulkLoad(false);
  }

  /**
   * Starts a bulk load; with {@code mergeWhileLoading} it keeps the normal indexing buffer and
   * Lucene's merges (many small segments merged as they come), which the benchmark compares with
   * the default (one large buffer, no merges until the end).
   */
  public BulkLoad bulkLoad(boolean mergeWhileLoading) {
    Lock write = lock.writeLock();
    write.lock();
    try {
      ensureOpen();
      if (bulkLoading || journal != null) {
        throw new GalleryConflictException(
            "gallery \"" + name + "\" is already being bulk loaded or re-embedded");
      }
      bulkLoading = true;
      if (!mergeWhileLoading) {
        index.bulkMode(true);
      }
      boolean empty = index.search(s -> s.getIndexReader().maxDoc() == 0);
      return new BulkLoad(this, !empty, System.nanoTime());
    } catch (IOException e) {
      throw storageFailure("start a bulk load", e);
    } finally {
      write.unlock();
    }
  }

  /** Indexes a bulk load's examples (upsert: replacing examples of the same id). */
  void bulkAdd(List<StoredExample> examples, boolean upsert) {
    read(
        index -> {
          for (StoredExample example : examples) {
            if (!example.model().matches(index.model())) {
              throw new GalleryConflictException(
                  "example "
                      + example.id()
                      + " was embedded by "
                      + example.model()
                      + "; gallery \""
                      + name
                      + "\" holds embeddings of "
                      + index.model().label());
            }
            Limits.checkSubject(example.subject());
            checkExample(index.model(), example);
          }
          return upsert ? index.upsert(examples) : index.add(examples);
        });
  }

  /** Ends a bulk load: commits, optionally merges to one segment. */
  BulkLoadResult finishBulk(long startNanos, long examples, boolean forceMerge) {
    double indexSeconds = (System.nanoTime() - startNanos) / 1e9;
    long t0 = System.nanoTime();
    // Not under the lock: a merge of a large gallery takes minutes; no re-embedding can start
    // meanwhile (the bulk load is still running), and searches go on against the committed view.
    GalleryIndex retained = retainIndex();
    try {
      retained.flush();
      retained.bulkMode(false);
      // A deferred graph is built by the merge, so it must happen before anything is searched.
      boolean merge = forceMerge || retained.defersGraph();
      if (!merge) {
        retained.commitAll();
      }
      double commitSeconds = (System.nanoTime() - t0) / 1e9;
      long t1 = System.nanoTime();
      if (merge) {
        retained.forceMerge();
      }
      double mergeSeconds = merge ? (System.nanoTime() - t1) / 1e9 : 0;
      return new BulkLoadResult(
          examples, indexSeconds, commitSeconds, mergeSeconds, retained.segments());
    } catch (IOException | AlreadyClosedException e) {
      throw storageFailure("finish a bulk load of", e);
    } finally {
      releaseIndex(retained);
    }
  }

  /** Ends a bulk load, finished or not. */
  void endBulk() {
    Lock write = lock.writeLock();
    write.lock();
    try {
      if (bulkLoading && !closed) {
        index.bulkMode(false);
      }
      bulkLoading = false;
    } finally {
      write.unlock();
    }
  }

  /**
   * Writes the gallery as JSON Lines: a header line (settings and model), then one line an example
   * with its embedding and tensor (base64 little-endian float32). Returns the examples written.
   */
  public long exportTo(OutputStream out) {
    // Not under the lock: an export takes long, and a waiting swap would hold up every search.
    GalleryIndex retained = retainIndex();
    try {
      return retained.search(
          s ->
              GalleryExport.write(out, name.value(), stored, retained.model(), s.getIndexReader()));
    } catch (IOException e) {
      throw storageFailure("export", e);
    } finally {
      releaseIndex(retained);
    }
  }

  /** The current index, kept open for the caller until {@link #releaseIndex}. */
  private GalleryIndex retainIndex() {
    return read(
        index -> {
          if (!index.retain()) {
            throw new GalleryNotFoundException(name.value());
          }
          return index;
        });
  }

  private void releaseIndex(GalleryIndex retained) {
    try {
      retained.release();
    } catch (IOException e) {
      LOG.warn("gallery {}: closing {} failed: {}", name, retained.path(), e.toString());
    }
  }

  /**
   * Re-embeds the gallery's stored tensors with {@code target} into a new index in the background
   * (on {@code executor}, {@code batchSize} tensors a call), then swaps it in atomically. Searches
   * and changes go on against the old index meanwhile, and changes are carried over. A failure or a
   * crash leaves the gallery on its old model.
   *
   * @return completes with the final progress ({@code DONE}, {@code FAILED} or {@code CANCELLED})
   * @throws GalleryConflictException when one is already running, or the stored tensors do not fit
   *     {@code target}'s input
   */
  public CompletableFuture<RebuildProgress> rebuild(
      ModelStamp target, TensorEmbedder embedder, int batchSize, Executor executor) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be positive");
    }
    Lock write = lock.writeLock();
    write.lock();
    try {
      ensureOpen();
      if (journal != null || bulkLoading) {
        throw new GalleryConflictException(
            "gallery \"" + name + "\" is already being re-embedded or bulk loaded");
      }
      ModelStamp from = index.model();
      if (!from.inputShape().equals(target.inputShape())) {
        throw new GalleryConflictException(
            "gallery \""
                + name
                + "\" stores inputs of shape "
                + from.inputShape()
                + "; "
                + target.label()
                + " takes "
                + target.inputShape()
                + ": enrol its subjects again");
      }
      Rebuild job = new Rebuild(this, index, target, embedder, batchSize);
      journal = new RebuildJournal();
      running = job;
      rebuild = job.progress();
      try {
        return CompletableFuture.supplyAsync(job::run, executor);
      } catch (RuntimeException e) {
        journal = null;
        running = null;
        rebuild = null;
        job.abandonUnstarted();
        throw e;
      }
    } catch (IOException e) {
      throw storageFailure("start a re-embedding", e);
    } finally {
      write.unlock();
    }
  }

  /** The running re-embedding, or the last one. */
  public Optional<RebuildProgress> rebuildProgress() {
    return Optional.ofNullable(rebuild);
  }

  // --- for Rebuild ---

  Path folder() {
    return folder;
  }

  VectorIndexOptions options() {
    return options;
  }

  GalleryIndex.Executors executors() {
    return executors;
  }

  void reportRebuild(RebuildProgress progress) {
    rebuild = progress;
  }

  /** Takes the changes recorded so far, with no change in flight. */
  List<RebuildJournal.Entry> drainJournal() {
    Lock write = lock.writeLock();
    write.lock();
    try {
      return journal == null ? List.of() : journal.drain();
    } finally {
      write.unlock();
    }
  }

  /** Something the swap runs with changes held off. */
  @FunctionalInterface
  interface SwapStep {
    GalleryIndex replay(List<RebuildJournal.Entry> lastChanges) throws IOException;
  }

  /**
   * Swaps in the re-embedded index: with every change held off, replays the last changes, commits,
   * switches {@code CURRENT}, and retires the old index.
   */
  void swap(Rebuild job, SwapStep step) throws IOException {
    GalleryIndex old;
    GalleryIndex fresh;
    Lock write = lock.writeLock();
    write.lock();
    try {
      if (closed || job.cancelled()) {
        throw new RebuildCancelledException();
      }
      fresh = step.replay(journal.drain());
      fresh.commitAll();
      GalleryFiles.switchTo(folder, fresh.path());
      old = index;
      index = fresh;
      journal = null;
      running = null;
    } finally {
      write.unlock();
    }
    LOG.info("gallery {} now on {}", name, fresh.model().label());
    try {
      // Closed (and its folder removed) now, or by the last export still reading it.
      old.retire(true);
    } catch (IOException e) {
      LOG.warn(
          "gallery {}: old index {} not removed (removed at next open): {}",
          name,
          old.path(),
          e.toString());
    }
  }

  /** Forgets a re-embedding that stopped. */
  void abandonRebuild() {
    Lock write = lock.writeLock();
    write.lock();
    try {
      journal = null;
      running = null;
    } finally {
      write.unlock();
    }
  }

  /** Cancels any re-embedding and waits for it, then closes the index. */
  @Override
  public void close() throws IOException {
    Rebuild job = running;
    if (job != null) {
      job.cancel();
      if (!job.awaitEnd(REBUILD_STOP_TIMEOUT)) {
        LOG.warn("gallery {}: closing while its re-embedding has not stopped", name);
      }
    }
    Lock write = lock.writeLock();
    write.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      index.retire(false);
    } finally {
      write.unlock();
    }
  }

  // --- helpers ---

  private <T> T read(IndexOperation<T> operation) {
    Lock read = lock.readLock();
    read.lock();
    try {
      ensureOpen();
      return operation.apply(index);
    } catch (IOException e) {
      throw storageFailure("access", e);
    } catch (AlreadyClosedException e) {
      throw storageFailure("access", e);
    } finally {
      read.unlock();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new GalleryNotFoundException(name.value());
    }
  }

  private GalleryStorageException storageFailure(String what, Exception e) {
    return new GalleryStorageException(
        "failed to " + what + " gallery \"" + name + "\" in " + folder, e);
  }

  private double threshold(GalleryIndex index, OptionalDouble requested) {
    if (requested.isPresent()) {
      return requested.getAsDouble();
    }
    return stored.settings().threshold().orElse(index.model().threshold());
  }

  private void checkModel(ModelStamp gallery, ModelStamp given) {
    if (!gallery.sameModel(given)) {
      throw new GalleryConflictException(
          "gallery \""
              + name
              + "\" holds embeddings of "
              + gallery.label()
              + ", not of "
              + given.label()
              + (rebuild != null && rebuild.state() == RebuildProgress.State.RUNNING
                  ? " (it is being re-embedded with " + rebuild.to().label() + ")"
                  : ""));
    }
  }

  private void checkQuery(ModelStamp gallery, ModelStamp given, float[] embedding) {
    checkModel(gallery, given);
    checkEmbedding(gallery, embedding);
  }

  static void checkEmbedding(ModelStamp model, float[] embedding) {
    Limits.checkVector("embedding", embedding, model.dimension());
    if (model.metric() == Metric.COSINE) {
      double norm = 0;
      for (float v : embedding) {
        norm += (double) v * v;
      }
      if (norm == 0) {
        throw new InvalidGalleryRequestException("a cosine embedding must not be all zeros");
      }
    }
  }

  private static void checkExample(ModelStamp model, StoredExample example) {
    checkEmbedding(model, example.embedding());
    Limits.checkVector("tensor", example.tensor(), model.tensorLength());
    example.metadata().ifPresent(Limits::metadataJson);
  }
}
