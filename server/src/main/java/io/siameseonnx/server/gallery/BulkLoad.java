package io.siameseonnx.server.gallery;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bulk load into one gallery (imports, offline enrolment, benchmarks): examples with their own
 * ids, added from any number of threads into large segments without merges, and committed once by
 * {@link #finish}. Until then nothing is acknowledged: an unfinished bulk load's examples may or
 * may not be in the gallery after a crash (loading the same ids again replaces them in a non-empty
 * gallery).
 */
public final class BulkLoad implements AutoCloseable {
  private final Gallery gallery;
  private final boolean upsert;
  private final long startNanos;
  private final AtomicLong count = new AtomicLong();
  private volatile boolean ended;

  BulkLoad(Gallery gallery, boolean upsert, long startNanos) {
    this.gallery = gallery;
    this.upsert = upsert;
    this.startNanos = startNanos;
  }

  /** Adds examples (thread-safe); in a gallery that had examples, same ids are replaced. */
  public void add(List<StoredExample> examples) {
    if (ended) {
      throw new IllegalStateException("bulk load already finished");
    }
    gallery.bulkAdd(examples, upsert);
    count.addAndGet(examples.size());
  }

  /** Examples added so far. */
  public long count() {
    return count.get();
  }

  /**
   * Commits, and with {@code forceMerge} (or options that defer the graph to the end) merges the
   * gallery into one segment first.
   */
  public BulkLoadResult finish(boolean forceMerge) {
    if (ended) {
      throw new IllegalStateException("bulk load already finished");
    }
    try {
      return gallery.finishBulk(startNanos, count.get(), forceMerge);
    } finally {
      ended = true;
      gallery.endBulk();
    }
  }

  /** Ends the bulk load; without {@link #finish} its examples are not acknowledged. */
  @Override
  public void close() {
    if (!ended) {
      ended = true;
      gallery.endBulk();
    }
  }
}
