package io.siameseonnx.server.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siameseonnx.model.card.ModelCard;
import io.siameseonnx.server.errors.NotReadyException;
import io.siameseonnx.server.errors.OverloadedException;
import io.siameseonnx.server.gallery.ExampleInfo;
import io.siameseonnx.server.gallery.Gallery;
import io.siameseonnx.server.gallery.GalleryConflictException;
import io.siameseonnx.server.gallery.GalleryCreation;
import io.siameseonnx.server.gallery.GalleryDescription;
import io.siameseonnx.server.gallery.GalleryException;
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
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Galleries of enrolled subjects, whatever the protocol: creates and deletes galleries, enrols
 * examples (embedded like {@code /v1/embeddings} images, stored with their preprocessed inputs),
 * and answers "who is this?" (open set) and "is this that subject?". Images are embedded by the
 * model version that built the gallery. When hot reload serves a new version, each gallery is
 * re-embedded from its stored tensors in the background and swapped in atomically; until then the
 * old version stays loaded and answers the gallery's queries.
 */
public final class GalleryService {
  private static final Logger LOG = LoggerFactory.getLogger(GalleryService.class);
  private static final int REEMBED_BATCH = 64;
  private static final int MAX_OVERLOADED_RETRIES = 6_000;
  private static final long OVERLOADED_PAUSE_MS = 10;

  private final EmbeddingService embeddings;
  private final GalleryStore store;
  private final GalleryMeters meters;
  private final Executor reembedding;
  private final Map<Long, Stamped> stamps = new ConcurrentHashMap<>();

  /**
   * Retired model versions kept loaded (one reference each) because a gallery is still searched
   * with their embeddings: until its re-embedding is swapped in, its queries and enrolments are
   * embedded by the version that built it.
   */
  private final Map<Long, ServedModel> pinned = new ConcurrentHashMap<>();

  private final Object pins = new Object();
  private volatile boolean closed;

  /** The stamp of one served model, computed once (it hashes the card). */
  private record Stamped(ModelCard card, ModelStamp stamp) {}

  /**
   * A service that embeds with {@code embeddings}, keeps galleries in {@code store} and reports to
   * {@code meters} (which it also tells where the galleries' sizes come from).
   */
  public GalleryService(
      EmbeddingService embeddings, GalleryStore store, GalleryMeters meters, Executor reembedding) {
    this.embeddings = Objects.requireNonNull(embeddings, "embeddings");
    this.store = Objects.requireNonNull(store, "store");
    this.meters = Objects.requireNonNull(meters, "meters");
    this.reembedding = Objects.requireNonNull(reembedding, "reembedding");
    meters.bindSizes(this::sizes);
    embeddings.slot().onSwap(this::swapped);
  }

  /**
   * A new version is served: keeps the previous one loaded while a gallery still holds its
   * embeddings, and re-embeds those galleries in the background (off the reload's thread).
   */
  private void swapped(ServedModel previous, ServedModel next) {
    long old = previous.info().version();
    synchronized (pins) {
      if (!closed && !pinned.containsKey(old) && anyGalleryOn(old) && previous.tryAcquire()) {
        pinned.put(old, previous);
        LOG.info("Keeping model version {} loaded for the galleries built by it", old);
      }
    }
    startReembedding();
  }

  /** Re-embeds, in the background, every gallery built by another version than the served one. */
  public void startReembedding() {
    try {
      reembedding.execute(this::reembedStale);
    } catch (RejectedExecutionException e) {
      LOG.debug("Not re-embedding: the service is closing");
    }
  }

  private void reembedStale() {
    if (closed) {
      return;
    }
    ServedModel model = embeddings.slot().peek().orElse(null);
    if (model == null) {
      return;
    }
    ModelStamp target = stamp(model.card(), model.info().version());
    for (String name : store.names()) {
      Gallery gallery;
      try {
        gallery = store.gallery(name);
        if (gallery.model().sameModel(target)
            || gallery
                .rebuildProgress()
                .filter(p -> p.state() == RebuildProgress.State.RUNNING)
                .isPresent()) {
          continue;
        }
      } catch (GalleryException e) {
        continue; // deleted or closed meanwhile
      }
      if (!model.tryAcquire()) {
        return; // retired meanwhile: the swap to the next version starts again
      }
      try {
        LOG.info(
            "Re-embedding gallery {} from {} to {}", name, gallery.model().label(), target.label());
        gallery
            .rebuild(target, tensors -> embedTensors(model, tensors), REEMBED_BATCH, reembedding)
            .whenComplete((progress, failure) -> reembedded(name, model, progress, failure));
      } catch (RuntimeException e) {
        model.release();
        LOG.warn("Cannot re-embed gallery {}: {}", name, e.getMessage());
      }
    }
  }

  /** A re-embedding ended: lets go of versions no gallery needs any more, and looks again. */
  private void reembedded(
      String gallery, ServedModel model, RebuildProgress progress, Throwable failure) {
    long version = model.info().version();
    synchronized (pins) {
      boolean served =
          embeddings.slot().peek().map(m -> m.info().version() == version).orElse(false);
      // The version it moved to was replaced while it ran: keep it for the gallery's queries.
      if (!closed && !served && !pinned.containsKey(version) && model.tryAcquire()) {
        pinned.put(version, model);
      }
      model.release();
      pinned
          .entrySet()
          .removeIf(
              e -> {
                if (closed || anyGalleryOn(e.getKey())) {
                  return false;
                }
                LOG.info("Model version {} is no longer needed by any gallery", e.getKey());
                e.getValue().release();
                return true;
              });
    }
    if (failure != null || progress.state() != RebuildProgress.State.DONE) {
      LOG.warn(
          "Re-embedding gallery {} ended {}; it stays on its model",
          gallery,
          failure != null
              ? "with " + failure
              : progress.state() + progress.error().map(m -> ": " + m).orElse(""));
      return;
    }
    LOG.info("Gallery {} is now searched with {}", gallery, progress.to().label());
    startReembedding();
  }

  private boolean anyGalleryOn(long version) {
    for (String name : store.names()) {
      try {
        if (store.gallery(name).model().version() == version) {
          return true;
        }
      } catch (GalleryException e) {
        // deleted or closed meanwhile
      }
    }
    return false;
  }

  /** Runs a batch of stored tensors through the batcher, waiting for room when it is full. */
  private float[][] embedTensors(ServedModel model, float[][] tensors) {
    for (int attempt = 1; ; attempt++) {
      try {
        return embeddings.embedTensors(model, tensors);
      } catch (OverloadedException e) {
        if (e.shuttingDown() || attempt >= MAX_OVERLOADED_RETRIES || closed) {
          throw e;
        }
        try {
          Thread.sleep(OVERLOADED_PAUSE_MS); // live requests go first; try again shortly
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /**
   * Lets go of the versions kept for galleries; the re-embedding executor is its owner's to stop (a
   * running re-embedding is cancelled when the store closes).
   */
  public void close() {
    synchronized (pins) {
      closed = true;
      pinned.values().forEach(ServedModel::release);
      pinned.clear();
    }
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
      } catch (GalleryException | IllegalStateException e) {
        // deleted since the names were read, or closing
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
   * @throws io.siameseonnx.server.gallery.GalleryConflictException when the gallery's model version
   *     is neither served nor kept loaded for it
   */
  public List<String> enrol(
      String gallery,
      String subject,
      List<? extends ImageInput> images,
      Optional<ObjectNode> metadata) {
    Gallery target = store.gallery(gallery);
    return onGalleryModel(
        target,
        images,
        (embedded, model) -> {
          List<NewExample> examples = new ArrayList<>(images.size());
          for (int i = 0; i < images.size(); i++) {
            examples.add(new NewExample(embedded.inputs()[i], embedded.embeddings()[i], metadata));
          }
          return target.add(subject, model, examples);
        });
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
    return onGalleryModel(
        target,
        images,
        (embedded, model) -> {
          List<Identification> results = new ArrayList<>(images.size());
          for (float[] embedding : embedded.embeddings()) {
            long start = System.nanoTime();
            results.add(target.identify(embedding, model, topK, threshold));
            meters.identified(System.nanoTime() - start);
          }
          return results;
        });
  }

  /** Is {@code image} {@code subject}? Compared with the subject's nearest example. */
  public SubjectVerification verify(
      String gallery, ImageInput image, String subject, OptionalDouble threshold) {
    Gallery target = store.gallery(gallery);
    return onGalleryModel(
        target,
        List.of(image),
        (embedded, model) -> {
          long start = System.nanoTime();
          SubjectVerification verdict =
              target.verify(embedded.embeddings()[0], model, subject, threshold);
          meters.verified(System.nanoTime() - start);
          return verdict;
        });
  }

  /** A call on a gallery with images embedded by the model its embeddings come from. */
  @FunctionalInterface
  private interface OnModel<T> {
    T apply(PreparedEmbeddings embedded, ModelStamp model);
  }

  /**
   * Embeds {@code images} with the gallery's model version (the served one, or a retired one kept
   * for it until its re-embedding is swapped in) and calls {@code call}; when a re-embedding is
   * swapped in between the two, once more with the new version.
   */
  private <T> T onGalleryModel(
      Gallery gallery, List<? extends ImageInput> images, OnModel<T> call) {
    for (int attempt = 1; ; attempt++) {
      ModelStamp before = gallery.model();
      PreparedEmbeddings embedded = embedFor(before, images);
      try {
        return call.apply(embedded, stamp(embedded));
      } catch (GalleryConflictException e) {
        if (attempt > 1 || gallery.model().sameModel(before)) {
          throw e;
        }
      }
    }
  }

  private PreparedEmbeddings embedFor(ModelStamp galleryModel, List<? extends ImageInput> images) {
    ServedModel kept = pinned.get(galleryModel.version());
    if (kept != null && kept.tryAcquire()) {
      try {
        return embeddings.embedPreparedOn(kept, images);
      } finally {
        kept.release();
      }
    }
    return embeddings.embedPrepared(images);
  }

  private ModelStamp stamp(PreparedEmbeddings embedded) {
    return stamp(embedded.card(), embedded.model().version());
  }

  private ModelStamp stamp(ModelCard card, long version) {
    Stamped known = stamps.get(version);
    if (known != null && known.card() == card) {
      return known.stamp();
    }
    ModelStamp stamp = ModelStamp.of(card, version);
    stamps.put(version, new Stamped(card, stamp));
    return stamp;
  }
}
