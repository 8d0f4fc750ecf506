package io.siameseonnx.server.gallery;

import io.siameseonnx.shared.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.search.IndexSearcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One re-embedding of a gallery: copies a point-in-time view of the old index into a new one (bulk
 * mode), embedding each stored tensor with the new model; replays the changes made meanwhile (a few
 * passes while they go on, the last with them held off); force-merges; and has the gallery swap the
 * new index in.
 */
final class Rebuild {
  private static final Logger LOG = LoggerFactory.getLogger(Rebuild.class);
  private static final int QUIET_CHANGES = 16;
  private static final int CATCH_UP_PASSES = 4;

  private final Gallery gallery;
  private final GalleryIndex source;
  private final ModelStamp target;
  private final TensorEmbedder embedder;
  private final int batchSize;
  private final IndexSearcher snapshot;
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong total;
  private final CountDownLatch ended = new CountDownLatch(1);
  private volatile boolean cancelled;
  private boolean released;

  /** Takes the snapshot; call it with the gallery's changes held off. */
  Rebuild(
      Gallery gallery,
      GalleryIndex source,
      ModelStamp target,
      TensorEmbedder embedder,
      int batchSize)
      throws IOException {
    this.gallery = gallery;
    this.source = source;
    this.target = target;
    this.embedder = embedder;
    this.batchSize = batchSize;
    this.snapshot = source.acquire();
    this.total = new AtomicLong(snapshot.getIndexReader().numDocs());
  }

  RebuildProgress progress() {
    return progress(RebuildProgress.State.RUNNING, Optional.empty());
  }

  private RebuildProgress progress(RebuildProgress.State state, Optional<String> error) {
    return new RebuildProgress(source.model(), target, state, done.get(), total.get(), error);
  }

  boolean cancelled() {
    return cancelled;
  }

  void cancel() {
    cancelled = true;
  }

  /**
   * Waits for the re-embedding to stop (after {@link #cancel}, at its next batch), at most {@code
   * timeout}; a job its executor never ran does not hold a closing gallery up for longer.
   */
  boolean awaitEnd(Duration timeout) {
    try {
      return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Releases the snapshot of a job whose executor refused it. */
  void abandonUnstarted() {
    try {
      releaseSnapshot();
    } catch (IOException e) {
      LOG.warn("gallery {}: snapshot not released: {}", gallery.name(), e.toString());
    }
    ended.countDown();
  }

  /** Runs to the end; never throws: the outcome is the returned progress. */
  RebuildProgress run() {
    Path dir = GalleryFiles.next(source.path());
    GalleryIndex fresh = null;
    boolean swapped = false;
    RebuildProgress outcome;
    try {
      if (cancelled) {
        throw new RebuildCancelledException();
      }
      LOG.info(
          "gallery {}: re-embedding {} examples with {} into {}",
          gallery.name(),
          total.get(),
          target.label(),
          dir.getFileName());
      AtomicFiles.deleteRecursively(dir);
      fresh = GalleryIndex.create(dir, target, gallery.options(), gallery.executors(), true);
      copySnapshot(fresh);
      releaseSnapshot();
      for (int pass = 0; pass < CATCH_UP_PASSES; pass++) {
        List<RebuildJournal.Entry> changes = gallery.drainJournal();
        replay(fresh, changes);
        if (changes.size() < QUIET_CHANGES) {
          break;
        }
      }
      fresh.flush();
      fresh.bulkMode(false);
      fresh.forceMerge();
      GalleryIndex built = fresh;
      gallery.swap(
          this,
          last -> {
            replay(built, last);
            return built;
          });
      swapped = true;
      outcome = progress(RebuildProgress.State.DONE, Optional.empty());
    } catch (RebuildCancelledException e) {
      outcome = progress(RebuildProgress.State.CANCELLED, Optional.empty());
    } catch (IOException | RuntimeException e) {
      LOG.warn("gallery {}: re-embedding with {} failed", gallery.name(), target.label(), e);
      outcome = progress(RebuildProgress.State.FAILED, Optional.of(e.toString()));
    } finally {
      try {
        releaseSnapshot();
      } catch (IOException e) {
        LOG.warn("gallery {}: snapshot not released: {}", gallery.name(), e.toString());
      }
      if (!swapped) {
        gallery.abandonRebuild();
        discard(fresh, dir);
      }
    }
    gallery.reportRebuild(outcome);
    ended.countDown();
    return outcome;
  }

  private void copySnapshot(GalleryIndex fresh) throws IOException {
    List<StoredExample> batch = new ArrayList<>(batchSize);
    GalleryReads.scan(
        snapshot.getIndexReader(),
        example -> {
          if (cancelled) {
            throw new RebuildCancelledException();
          }
          batch.add(example);
          if (batch.size() == batchSize) {
            embedInto(fresh, batch);
            batch.clear();
          }
        });
    embedInto(fresh, batch);
  }

  private void replay(GalleryIndex fresh, List<RebuildJournal.Entry> changes) throws IOException {
    for (RebuildJournal.Entry change : changes) {
      if (cancelled) {
        throw new RebuildCancelledException();
      }
      if (change.deleted() != null) {
        fresh.delete(change.deleted());
        continue;
      }
      total.addAndGet(change.added().size());
      List<StoredExample> added = change.added();
      for (int from = 0; from < added.size(); from += batchSize) {
        embedInto(fresh, added.subList(from, Math.min(added.size(), from + batchSize)));
      }
    }
  }

  private void embedInto(GalleryIndex fresh, List<StoredExample> batch) throws IOException {
    if (batch.isEmpty()) {
      return;
    }
    float[][] tensors = new float[batch.size()][];
    for (int i = 0; i < tensors.length; i++) {
      tensors[i] = batch.get(i).tensor();
    }
    float[][] embeddings = embedder.embed(tensors);
    if (embeddings == null || embeddings.length != tensors.length) {
      throw new IllegalStateException(
          target.label()
              + " returned "
              + (embeddings == null ? 0 : embeddings.length)
              + " embeddings for "
              + tensors.length
              + " tensors");
    }
    ModelRef ref = ModelRef.of(target);
    List<StoredExample> embedded = new ArrayList<>(batch.size());
    for (int i = 0; i < tensors.length; i++) {
      Gallery.checkEmbedding(target, embeddings[i]);
      embedded.add(batch.get(i).reembedded(ref, embeddings[i]));
    }
    fresh.add(embedded);
    done.addAndGet(embedded.size());
    gallery.reportRebuild(progress());
  }

  private synchronized void releaseSnapshot() throws IOException {
    if (!released) {
      released = true;
      source.release(snapshot);
    }
  }

  private void discard(GalleryIndex fresh, Path dir) {
    try {
      if (fresh != null) {
        fresh.close();
      }
      AtomicFiles.deleteRecursively(dir);
    } catch (IOException e) {
      LOG.warn(
          "gallery {}: partial index {} not removed (removed at next open): {}",
          gallery.name(),
          dir,
          e.toString());
    }
  }
}
