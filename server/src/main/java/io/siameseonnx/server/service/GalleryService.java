package io.siameseonnx.server.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siameseonnx.model.card.ModelCard;
import io.siameseonnx.server.errors.NotReadyException;
import io.siameseonnx.server.gallery.ExampleInfo;
import io.siameseonnx.server.gallery.Gallery;
import io.siameseonnx.server.gallery.GalleryCreation;
import io.siameseonnx.server.gallery.GalleryDescription;
import io.siameseonnx.server.gallery.GallerySettings;
import io.siameseonnx.server.gallery.GalleryStore;
import io.siameseonnx.server.gallery.Identification;
import io.siameseonnx.server.gallery.ModelStamp;
import io.siameseonnx.server.gallery.NewExample;
import io.siameseonnx.server.gallery.RebuildProgress;
import io.siameseonnx.server.gallery.SubjectPage;
import io.siameseonnx.server.gallery.SubjectVerification;
import io.siameseonnx.server.metrics.GalleryMeters;
import io.siameseonnx.server.models.ServedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Galleries of enrolled subjects, whatever the protocol: creates and deletes galleries, enrols
 * examples (embedded like {@code /v1/embeddings} images, stored with their preprocessed inputs),
 * and answers "who is this?" (open set) and "is this that subject?". Images are embedded by the
 * served model; a gallery holds the embeddings of one model version, and a request embedded by
 * another is refused as a conflict.
 */
public final class GalleryService {
  private final EmbeddingService embeddings;
  private final GalleryStore store;
  private final GalleryMeters meters;
  private volatile Stamped lastStamp;

  /** The stamp of one served model, computed once (it hashes the card). */
  private record Stamped(ModelCard card, long version, ModelStamp stamp) {}

  /**
   * A service that embeds with {@code embeddings}, keeps galleries in {@code store} and reports to
   * {@code meters} (which it also tells where the galleries' sizes come from).
   */
  public GalleryService(EmbeddingService embeddings, GalleryStore store, GalleryMeters meters) {
    this.embeddings = Objects.requireNonNull(embeddings, "embeddings");
    this.store = Objects.requireNonNull(store, "store");
    this.meters = Objects.requireNonNull(meters, "meters");
    meters.bindSizes(this::sizes);
  }

  /** Each gallery's size, model version and re-embedding progress, for the meters. */
  private List<GalleryMeters.Size> sizes() {
    return list().stream()
        .map(
            d ->
                new GalleryMeters.Size(
                    d.name(),
                    d.examples(),
                    d.subjects(),
                    d.model().version(),
                    d.rebuild()
                        .filter(p -> p.state() == RebuildProgress.State.RUNNING)
                        .map(RebuildProgress::fraction)
                        .orElse(-1.0)))
        .toList();
  }

  /** The store the galleries live in. */
  public GalleryStore store() {
    return store;
  }

  /**
   * Creates a gallery for the served model's embeddings (idempotent for equal settings).
   *
   * @throws NotReadyException when no model is loaded yet
   * @throws io.siameseonnx.server.gallery.GalleryConflictException when it exists with other
   *     settings
   */
  public GalleryCreation create(String gallery, GallerySettings settings) {
    ServedModel served =
        embeddings.slot().peek().orElseThrow(() -> new NotReadyException("no model is loaded yet"));
    return store.create(gallery, settings, stamp(served.card(), served.info().version()));
  }

  /** Every gallery, by name. */
  public List<GalleryDescription> list() {
    List<GalleryDescription> all = new ArrayList<>();
    for (String name : store.names()) {
      try {
        all.add(store.gallery(name).describe());
      } catch (io.siameseonnx.server.gallery.GalleryNotFoundException e) {
        // deleted since the names were read
      }
    }
    return all;
  }

  /** One gallery's size, subjects, model, threshold and re-embedding. */
  public GalleryDescription describe(String gallery) {
    return store.gallery(gallery).describe();
  }

  /** Deletes a gallery and everything in it. */
  public void delete(String gallery) {
    store.delete(gallery);
  }

  /**
   * Enrols {@code images} as examples of {@code subject}, each with {@code metadata}; returns the
   * new examples' ids once they are durable.
   *
   * @throws io.siameseonnx.server.gallery.GalleryConflictException when the served model is not the
   *     one the gallery's embeddings come from
   */
  public List<String> enrol(
      String gallery,
      String subject,
      List<? extends ImageInput> images,
      Optional<ObjectNode> metadata) {
    Gallery target = store.gallery(gallery);
    PreparedEmbeddings embedded = embeddings.embedPrepared(images);
    List<NewExample> examples = new ArrayList<>(images.size());
    for (int i = 0; i < images.size(); i++) {
      examples.add(new NewExample(embedded.inputs()[i], embedded.embeddings()[i], metadata));
    }
    return target.add(subject, stamp(embedded), examples);
  }

  /** A page of a gallery's subjects after {@code cursor}, at most {@code limit}. */
  public SubjectPage subjects(String gallery, Optional<String> cursor, int limit) {
    return store.gallery(gallery).subjects(cursor, limit);
  }

  /** A subject's examples, oldest first, without their tensors. */
  public List<ExampleInfo> examples(String gallery, String subject) {
    return store.gallery(gallery).examples(subject);
  }

  /** Deletes a subject's examples; returns how many there were. */
  public int deleteSubject(String gallery, String subject) {
    return store.gallery(gallery).deleteSubject(subject);
  }

  /** Deletes one example. */
  public void deleteExample(String gallery, String exampleId) {
    store.gallery(gallery).deleteExample(exampleId);
  }

  /**
   * Who is each image? For each, the {@code topK} nearest subjects and the identified one, if the
   * nearest is below the threshold ({@code threshold}, else the gallery's, else the model's).
   */
  public List<Identification> identify(
      String gallery, List<? extends ImageInput> images, int topK, OptionalDouble threshold) {
    Gallery target = store.gallery(gallery);
    PreparedEmbeddings embedded = embeddings.embedPrepared(images);
    ModelStamp model = stamp(embedded);
    List<Identification> results = new ArrayList<>(images.size());
    for (float[] embedding : embedded.embeddings()) {
      long start = System.nanoTime();
      results.add(target.identify(embedding, model, topK, threshold));
      meters.identified(System.nanoTime() - start);
    }
    return results;
  }

  /** Is {@code image} {@code subject}? Compared with the subject's nearest example. */
  public SubjectVerification verify(
      String gallery, ImageInput image, String subject, OptionalDouble threshold) {
    Gallery target = store.gallery(gallery);
    PreparedEmbeddings embedded = embeddings.embedPrepared(List.of(image));
    long start = System.nanoTime();
    SubjectVerification verdict =
        target.verify(embedded.embeddings()[0], stamp(embedded), subject, threshold);
    meters.verified(System.nanoTime() - start);
    return verdict;
  }

  private ModelStamp stamp(PreparedEmbeddings embedded) {
    return stamp(embedded.card(), embedded.model().version());
  }

  private ModelStamp stamp(ModelCard card, long version) {
    Stamped last = lastStamp;
    if (last != null && last.card() == card && last.version() == version) {
      return last.stamp();
    }
    ModelStamp stamp = ModelStamp.of(card, version);
    lastStamp = new Stamped(card, version, stamp);
    return stamp;
  }
}
