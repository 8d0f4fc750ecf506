package io.siameseonnx.server.gallery;

import java.io.IOException;
import java.io.InterruptedIOException;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.search.SearcherManager;

/**
 * Makes index changes durable with group commits: callers that wait at the same time share one
 * {@link IndexWriter#commit()}, and each returns only once a commit holds its change (by Lucene's
 * sequence numbers). After each commit the searchers are refreshed, so a change is visible to
 * searches as soon as its caller returns.
 */
final class GroupCommit {
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final Object lock = new Object();
  private long durable = -1;
  private boolean committing;

  GroupCommit(IndexWriter writer, SearcherManager searchers) {
    this.writer = writer;
    this.searchers = searchers;
  }

  /** Returns once the operation with sequence number {@code seq} is committed. */
  void await(long seq) throws IOException {
    synchronized (lock) {
      while (durable < seq) {
        if (!committing) {
          committing = true;
          break;
        }
        try {
          lock.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while waiting for a commit");
        }
      }
      if (durable >= seq) {
        return;
      }
    }
    // This thread leads the next commit; it holds every change completed so far, its own too.
    long committed = -1;
    try {
      long completed = writer.getMaxCompletedSequenceNumber();
      long result = writer.commit();
      // -1: nothing was pending, so everything completed before the call was already committed.
      committed = result == -1 ? completed : result;
      searchers.maybeRefreshBlocking();
    } finally {
      synchronized (lock) {
        committing = false;
        durable = Math.max(durable, committed);
        lock.notifyAll();
      }
    }
    if (committed < seq) {
      throw new IllegalStateException(
          "commit " + committed + " does not hold operation " + seq + " that completed before it");
    }
  }
}
