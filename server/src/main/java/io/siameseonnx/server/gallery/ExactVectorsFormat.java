package io.siameseonnx.server.gallery;

import java.io.IOException;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.hnsw.FlatVectorScorerUtil;
import org.apache.lucene.codecs.hnsw.FlatVectorsFormat;
import org.apache.lucene.codecs.hnsw.FlatVectorsReader;
import org.apache.lucene.codecs.lucene99.Lucene99FlatVectorsFormat;
import org.apache.lucene.index.ByteVectorValues;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;
import org.apache.lucene.search.KnnCollector;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.hnsw.RandomVectorScorer;

/**
 * Vectors without a graph (Lucene's flat float32 format), searched by an exact scan: what a bulk
 * load writes when its graph is deferred. Building an HNSW graph per flushed segment and then again
 * in the final merge does the work twice; with this format the segments are cheap to write and the
 * force merge builds one graph for all vectors, concurrently, from scratch (Lucene's concurrent
 * merger starts from scratch when no segment has a graph). Registered as a Lucene SPI format, so an
 * index holding such segments (a crash after a commit during a bulk load) still opens, and its
 * searches stay correct, only slower, until they are merged.
 */
public final class ExactVectorsFormat extends KnnVectorsFormat {
  /** The format's name in the index. */
  public static final String NAME = "SiameseExact99";

  private static final FlatVectorsFormat FLAT =
      new Lucene99FlatVectorsFormat(FlatVectorScorerUtil.getLucene99FlatVectorsScorer());

  /** For Lucene's SPI. */
  public ExactVectorsFormat() {
    super(NAME);
  }

  @Override
  public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
    return FLAT.fieldsWriter(state);
  }

  @Override
  public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
    return new ExactReader(FLAT.fieldsReader(state));
  }

  @Override
  public int getMaxDimensions(String fieldName) {
    return 1024;
  }

  /** Lucene's flat reader with an exact scan as its search. */
  private static final class ExactReader extends KnnVectorsReader {
    private final FlatVectorsReader flat;

    ExactReader(FlatVectorsReader flat) {
      this.flat = flat;
    }

    @Override
    public void checkIntegrity() throws IOException {
      flat.checkIntegrity();
    }

    @Override
    public FloatVectorValues getFloatVectorValues(String field) throws IOException {
      return flat.getFloatVectorValues(field);
    }

    @Override
    public ByteVectorValues getByteVectorValues(String field) throws IOException {
      return flat.getByteVectorValues(field);
    }

    @Override
    public void search(String field, float[] target, KnnCollector collector, Bits acceptDocs)
        throws IOException {
      scan(flat.getRandomVectorScorer(field, target), collector, acceptDocs);
    }

    @Override
    public void search(String field, byte[] target, KnnCollector collector, Bits acceptDocs)
        throws IOException {
      scan(flat.getRandomVectorScorer(field, target), collector, acceptDocs);
    }

    private static void scan(RandomVectorScorer scorer, KnnCollector collector, Bits acceptDocs)
        throws IOException {
      if (scorer == null) {
        return;
      }
      for (int ord = 0; ord < scorer.maxOrd() && !collector.earlyTerminated(); ord++) {
        int doc = scorer.ordToDoc(ord);
        if (acceptDocs == null || acceptDocs.get(doc)) {
          collector.incVisitedCount(1);
          collector.collect(doc, scorer.score(ord));
        }
      }
    }

    @Override
    public long ramBytesUsed() {
      return flat.ramBytesUsed();
    }

    @Override
    public void close() throws IOException {
      flat.close();
    }
  }
}
