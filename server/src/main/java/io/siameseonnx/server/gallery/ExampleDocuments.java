package io.siameseonnx.server.gallery;

import io.siameseonnx.shared.distance.Metric;
import java.io.IOException;
import java.time.Instant;
import java.util.Set;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DocumentStoredFieldVisitor;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.util.BytesRef;

/**
 * An example's Lucene document. Id and subject are indexed terms (to delete and filter by) and doc
 * values (read per search hit without touching stored fields); the embedding is an HNSW vector
 * field; the rest, the input tensor included, is stored only, read by listings, exports and
 * re-embeddings.
 */
final class ExampleDocuments {
  static final String ID = "id";
  static final String SUBJECT = "subject";
  static final String EMBEDDING = "embedding";
  static final String METADATA = "metadata";
  static final String MODEL_NAME = "model_name";
  static final String MODEL_VERSION = "model_version";
  static final String MODEL_FINGERPRINT = "model_fingerprint";
  static final String ENROLLED_AT = "enrolled_at_ms";
  static final String TENSOR = "tensor";

  private static final Set<String> INFO_FIELDS =
      Set.of(METADATA, MODEL_NAME, MODEL_VERSION, MODEL_FINGERPRINT, ENROLLED_AT);

  private ExampleDocuments() {}

  static Document toDocument(StoredExample example, Metric metric) {
    Document doc = new Document();
    doc.add(new StringField(ID, example.id(), Field.Store.NO));
    doc.add(new BinaryDocValuesField(ID, new BytesRef(example.id())));
    BytesRef subject = new BytesRef(example.subject());
    doc.add(new StringField(SUBJECT, subject, Field.Store.NO));
    doc.add(new SortedDocValuesField(SUBJECT, subject));
    doc.add(
        new KnnFloatVectorField(EMBEDDING, example.embedding(), IndexConfigs.similarity(metric)));
    example.metadata().ifPresent(m -> doc.add(new StoredField(METADATA, GalleryJson.write(m))));
    doc.add(new StoredField(MODEL_NAME, example.model().name()));
    doc.add(new StoredField(MODEL_VERSION, example.model().version()));
    doc.add(new StoredField(MODEL_FINGERPRINT, example.model().cardFingerprint()));
    doc.add(new StoredField(ENROLLED_AT, example.enrolledAt().toEpochMilli()));
    doc.add(new StoredField(TENSOR, FloatBytes.toBytes(example.tensor())));
    return doc;
  }

  static Term idTerm(String id) {
    return new Term(ID, id);
  }

  static Term subjectTerm(String subject) {
    return new Term(SUBJECT, subject);
  }

  /** The stored fields of a listing (all but the tensor). */
  static ExampleInfo readInfo(StoredFields stored, int doc, String id, String subject)
      throws IOException {
    DocumentStoredFieldVisitor visitor = new DocumentStoredFieldVisitor(INFO_FIELDS);
    stored.document(doc, visitor);
    Document fields = visitor.getDocument();
    return new ExampleInfo(
        id, subject, GalleryJson.metadata(fields.get(METADATA)), model(fields), enrolledAt(fields));
  }

  /** The whole example, tensor included; {@code embedding} comes from the vector values. */
  static StoredExample readExample(
      StoredFields stored, int doc, String id, String subject, float[] embedding)
      throws IOException {
    Document fields = stored.document(doc);
    return new StoredExample(
        id,
        subject,
        GalleryJson.metadata(fields.get(METADATA)),
        model(fields),
        enrolledAt(fields),
        embedding,
        FloatBytes.fromBytes(fields.getBinaryValue(TENSOR)));
  }

  private static ModelRef model(Document fields) {
    return new ModelRef(
        fields.get(MODEL_NAME),
        fields.getField(MODEL_VERSION).numericValue().longValue(),
        fields.get(MODEL_FINGERPRINT));
  }

  private static Instant enrolledAt(Document fields) {
    return Instant.ofEpochMilli(fields.getField(ENROLLED_AT).numericValue().longValue());
  }
}
