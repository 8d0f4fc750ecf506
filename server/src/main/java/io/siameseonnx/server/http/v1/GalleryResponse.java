package io.siameseonnx.server.http.v1;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siameseonnx.server.gallery.GalleryDescription;
import io.siameseonnx.server.gallery.ModelStamp;
import io.siameseonnx.server.gallery.RebuildProgress;

/**
 * A gallery as {@code GET /v1/galleries/{g}} shows it.
 *
 * @param name its name
 * @param createdAt when it was created (ISO-8601)
 * @param threshold the threshold in force: the gallery's own, else its model's
 * @param ownThreshold whether the threshold is the gallery's own (false: the model card's)
 * @param metadata the client's JSON object about the gallery, or null
 * @param examples enrolled examples
 * @param subjects distinct subjects
 * @param model the model version its embeddings come from
 * @param reembedding the running (or last) re-embedding with a new model version, or null
 */
public record GalleryResponse(
    String name,
    String createdAt,
    double threshold,
    boolean ownThreshold,
    ObjectNode metadata,
    long examples,
    long subjects,
    Model model,
    Reembedding reembedding) {

  /**
   * A model version that embeds a gallery.
   *
   * @param name the model's name
   * @param version its repository version
   * @param cardFingerprint SHA-256 of its model card
   * @param dimension embedding length
   * @param metric the distance metric
   */
  public record Model(
      String name, long version, String cardFingerprint, int dimension, String metric) {
    static Model of(ModelStamp stamp) {
      return new Model(
          stamp.name(),
          stamp.version(),
          stamp.cardFingerprint(),
          stamp.dimension(),
          stamp.metric().wireName());
    }
  }

  /**
   * How far a re-embedding has come.
   *
   * @param state running, done, failed or cancelled
   * @param fromVersion the version searched until the swap
   * @param toVersion the version being embedded with
   * @param done examples re-embedded so far
   * @param total examples to re-embed
   * @param fraction done over total, 0 to 1
   * @param error why it failed, or null
   */
  public record Reembedding(
      String state,
      long fromVersion,
      long toVersion,
      long done,
      long total,
      double fraction,
      String error) {
    static Reembedding of(RebuildProgress p) {
      return new Reembedding(
          p.state().name().toLowerCase(java.util.Locale.ROOT),
          p.from().version(),
          p.to().version(),
          p.done(),
          p.total(),
          p.fraction(),
          p.error().orElse(null));
    }
  }

  /** The response for a gallery's description. */
  public static GalleryResponse of(GalleryDescription d) {
    return new GalleryResponse(
        d.name(),
        d.createdAt().toString(),
        d.threshold(),
        d.settings().threshold().isPresent(),
        d.settings().metadata().orElse(null),
        d.examples(),
        d.subjects(),
        Model.of(d.model()),
        d.rebuild().map(Reembedding::of).orElse(null));
  }
}
