package io.siameseonnx.server.gallery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.lucene.index.Term;

/**
 * The changes made to a gallery while a re-embedding copies it, replayed on the new index before
 * the swap. Entries carry Lucene's sequence numbers, so a drained batch replays in the order the
 * old index applied it (an enrolment and a concurrent subject deletion keep their outcome).
 */
final class RebuildJournal {
  /** One change: examples added, or the examples matching a term deleted. */
  record Entry(long seq, List<StoredExample> added, Term deleted) {}

  private final List<Entry> entries = new ArrayList<>();

  synchronized void added(long seq, List<StoredExample> examples) {
    entries.add(new Entry(seq, List.copyOf(examples), null));
  }

  synchronized void deleted(long seq, Term term) {
    entries.add(new Entry(seq, List.of(), term));
  }

  /**
   * Takes the entries recorded so far, in sequence order. Call it while no change is in flight (the
   * gallery's write lock), so that no earlier change is recorded after a later one is taken.
   */
  synchronized List<Entry> drain() {
    List<Entry> taken = new ArrayList<>(entries);
    entries.clear();
    taken.sort(Comparator.comparingLong(Entry::seq));
    return taken;
  }
}
