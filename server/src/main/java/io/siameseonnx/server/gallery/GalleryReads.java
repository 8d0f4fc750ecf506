package io.siameseonnx.server.gallery;

import io.siameseonnx.shared.distance.Metric;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MultiBits;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/**
 * Reads of one point-in-time view of a gallery index: nearest neighbours (approximate search, then
 * exact distances from the stored vectors), a subject's examples, subject listings and full scans.
 */
final class GalleryReads {
  private static final Comparator<Neighbour> NEAREST_FIRST =
      Comparator.comparingDouble(Neighbour::distance).thenComparing(Neighbour::exampleId);

  private GalleryReads() {}

  /**
   * The {@code k} examples nearest to {@code query} among the {@code candidates} that the HNSW
   * search finds, ranked and reported by their exact distance in {@code metric}.
   */
  static List<Neighbour> nearest(
      IndexSearcher searcher, float[] query, Metric metric, int k, int candidates)
      throws IOException {
    int explored = Math.max(k, candidates);
    ScoreDoc[] hits =
        searcher.search(
                new KnnFloatVectorQuery(ExampleDocuments.EMBEDDING, query, explored), explored)
            .scoreDocs;
    int[] docs = Arrays.stream(hits).mapToInt(h -> h.doc).sorted().toArray();
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    List<Neighbour> found = new ArrayList<>(docs.length);
    LeafHits leaf = null;
    for (int doc : docs) {
      LeafReaderContext context = leaves.get(ReaderUtil.subIndex(doc, leaves));
      if (leaf == null || leaf.context != context) {
        leaf = new LeafHits(context);
      }
      found.add(leaf.neighbour(doc - context.docBase, query, metric));
    }
    found.sort(NEAREST_FIRST);
    return List.copyOf(found.subList(0, Math.min(k, found.size())));
  }

  /** The nearest of one subject's examples, by an exact scan over them. */
  static Optional<Neighbour> nearestOfSubject(
      IndexReader reader, float[] query, Metric metric, String subject) throws IOException {
    Neighbour[] best = {null};
    BytesRef term = new BytesRef(subject);
    for (LeafReaderContext context : reader.leaves()) {
      LeafHits leaf = new LeafHits(context);
      forEachLive(
          context.reader(),
          ExampleDocuments.subjectTerm(subject),
          doc -> {
            Neighbour n = leaf.neighbour(doc, query, metric, term);
            if (best[0] == null || NEAREST_FIRST.compare(n, best[0]) < 0) {
              best[0] = n;
            }
          });
    }
    return Optional.ofNullable(best[0]);
  }

  /** A subject's examples (without tensors), oldest first. */
  static List<ExampleInfo> examplesOf(IndexReader reader, String subject) throws IOException {
    List<ExampleInfo> examples = new ArrayList<>();
    for (LeafReaderContext context : reader.leaves()) {
      LeafReader leafReader = context.reader();
      BinaryDocValues ids = DocValues.getBinary(leafReader, ExampleDocuments.ID);
      StoredFields stored = leafReader.storedFields();
      forEachLive(
          leafReader,
          ExampleDocuments.subjectTerm(subject),
          doc -> examples.add(ExampleDocuments.readInfo(stored, doc, read(ids, doc), subject)));
    }
    examples.sort(Comparator.comparing(ExampleInfo::enrolledAt).thenComparing(ExampleInfo::id));
    return examples;
  }

  /** The subject of the live example with this id. */
  static Optional<String> subjectOfExample(IndexReader reader, String id) throws IOException {
    List<String> found = new ArrayList<>(1);
    for (LeafReaderContext context : reader.leaves()) {
      SortedDocValues subjects = DocValues.getSorted(context.reader(), ExampleDocuments.SUBJECT);
      forEachLive(
          context.reader(), ExampleDocuments.idTerm(id), doc -> found.add(read(subjects, doc)));
    }
    return found.stream().findFirst();
  }

  /** Live examples of a subject. */
  static int countExamples(IndexReader reader, String subject) throws IOException {
    PostingsEnum postings =
        MultiTerms.getTermPostingsEnum(
            reader, ExampleDocuments.SUBJECT, new BytesRef(subject), PostingsEnum.NONE);
    return postings == null ? 0 : countLive(postings, MultiBits.getLiveDocs(reader));
  }

  /**
   * Up to {@code limit} subjects after {@code after} (exclusive; none: from the first), in UTF-8
   * byte order, each with its number of examples; plus whether more follow.
   */
  static SubjectPage subjects(IndexReader reader, Optional<byte[]> after, int limit)
      throws IOException {
    Terms terms = MultiTerms.getTerms(reader, ExampleDocuments.SUBJECT);
    List<SubjectSummary> page = new ArrayList<>();
    if (terms == null) {
      return new SubjectPage(page, Optional.empty());
    }
    Bits live = MultiBits.getLiveDocs(reader);
    TermsEnum subjects = terms.iterator();
    BytesRef term;
    if (after.isPresent()) {
      BytesRef start = new BytesRef(after.get());
      TermsEnum.SeekStatus status = subjects.seekCeil(start);
      if (status == TermsEnum.SeekStatus.END) {
        return new SubjectPage(page, Optional.empty());
      }
      term = status == TermsEnum.SeekStatus.FOUND ? subjects.next() : subjects.term();
    } else {
      term = subjects.next();
    }
    PostingsEnum postings = null;
    for (; term != null; term = subjects.next()) {
      postings = subjects.postings(postings, PostingsEnum.NONE);
      int count = countLive(postings, live);
      if (count == 0) {
        continue;
      }
      if (page.size() == limit) {
        String last = page.get(page.size() - 1).subject();
        return new SubjectPage(page, Optional.of(SubjectCursor.encode(last)));
      }
      page.add(new SubjectSummary(term.utf8ToString(), count));
    }
    return new SubjectPage(page, Optional.empty());
  }

  /** Distinct subjects with at least one live example. */
  static long countSubjects(IndexReader reader) throws IOException {
    Terms terms = MultiTerms.getTerms(reader, ExampleDocuments.SUBJECT);
    if (terms == null) {
      return 0;
    }
    Bits live = MultiBits.getLiveDocs(reader);
    TermsEnum subjects = terms.iterator();
    long count = 0;
    PostingsEnum postings = null;
    while (subjects.next() != null) {
      if (live == null) {
        count++;
        continue;
      }
      postings = subjects.postings(postings, PostingsEnum.NONE);
      if (countLive(postings, live) > 0) {
        count++;
      }
    }
    return count;
  }

  /** Something that takes the examples of a full scan, in index order. */
  @FunctionalInterface
  interface ExampleSink {
    void accept(StoredExample example) throws IOException;
  }

  /** Every live example, tensor and embedding included, in index order. */
  static void scan(IndexReader reader, ExampleSink sink) throws IOException {
    for (LeafReaderContext context : reader.leaves()) {
      LeafReader leafReader = context.reader();
      FloatVectorValues vectors = leafReader.getFloatVectorValues(ExampleDocuments.EMBEDDING);
      if (vectors == null) {
        continue;
      }
      Bits live = leafReader.getLiveDocs();
      BinaryDocValues ids = DocValues.getBinary(leafReader, ExampleDocuments.ID);
      SortedDocValues subjects = DocValues.getSorted(leafReader, ExampleDocuments.SUBJECT);
      StoredFields stored = leafReader.storedFields();
      for (int doc = vectors.nextDoc();
          doc != DocIdSetIterator.NO_MORE_DOCS;
          doc = vectors.nextDoc()) {
        if (live == null || live.get(doc)) {
          sink.accept(
              ExampleDocuments.readExample(
                  stored, doc, read(ids, doc), read(subjects, doc), vectors.vectorValue().clone()));
        }
      }
    }
  }

  /** Something done with each live document of a term. */
  @FunctionalInterface
  private interface DocVisitor {
    void visit(int doc) throws IOException;
  }

  /** Visits the live documents of one segment that hold {@code term}, in doc order. */
  private static void forEachLive(LeafReader reader, Term term, DocVisitor visitor)
      throws IOException {
    PostingsEnum postings = reader.postings(term);
    if (postings != null) {
      forEachLive(postings, reader.getLiveDocs(), visitor);
    }
  }

  private static void forEachLive(PostingsEnum postings, Bits live, DocVisitor visitor)
      throws IOException {
    for (int doc = postings.nextDoc();
        doc != DocIdSetIterator.NO_MORE_DOCS;
        doc = postings.nextDoc()) {
      if (live == null || live.get(doc)) {
        visitor.visit(doc);
      }
    }
  }

  private static int countLive(PostingsEnum postings, Bits live) throws IOException {
    int[] count = {0};
    forEachLive(postings, live, doc -> count[0]++);
    return count[0];
  }

  private static String read(BinaryDocValues values, int doc) throws IOException {
    if (!values.advanceExact(doc)) {
      throw new IOException("example " + doc + " has no id");
    }
    return values.binaryValue().utf8ToString();
  }

  private static String read(SortedDocValues values, int doc) throws IOException {
    if (!values.advanceExact(doc)) {
      throw new IOException("example " + doc + " has no subject");
    }
    return values.lookupOrd(values.ordValue()).utf8ToString();
  }

  /** Per-segment readers for hits visited in increasing doc order. */
  private static final class LeafHits {
    final LeafReaderContext context;
    final FloatVectorValues vectors;
    final BinaryDocValues ids;
    final SortedDocValues subjects;

    LeafHits(LeafReaderContext context) throws IOException {
      this.context = context;
      LeafReader reader = context.reader();
      this.vectors = reader.getFloatVectorValues(ExampleDocuments.EMBEDDING);
      this.ids = DocValues.getBinary(reader, ExampleDocuments.ID);
      this.subjects = DocValues.getSorted(reader, ExampleDocuments.SUBJECT);
    }

    Neighbour neighbour(int doc, float[] query, Metric metric) throws IOException {
      return new Neighbour(read(ids, doc), read(subjects, doc), distance(doc, query, metric));
    }

    Neighbour neighbour(int doc, float[] query, Metric metric, BytesRef subject)
        throws IOException {
      return new Neighbour(read(ids, doc), subject.utf8ToString(), distance(doc, query, metric));
    }

    private double distance(int doc, float[] query, Metric metric) throws IOException {
      if (vectors == null
          || (vectors.docID() < doc ? vectors.advance(doc) : vectors.docID()) != doc) {
        throw new IOException("example " + doc + " has no embedding");
      }
      return metric.between(query, vectors.vectorValue());
    }
  }
}
