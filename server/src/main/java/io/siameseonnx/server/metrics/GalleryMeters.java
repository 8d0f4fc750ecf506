package io.siameseonnx.server.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The galleries' meters: search latency (the index search alone, without embedding the query) and,
 * read at each scrape, each gallery's size and re-embedding progress.
 */
public final class GalleryMeters {
  /**
   * One gallery's figures at a scrape.
   *
   * @param gallery its name
   * @param examples enrolled examples
   * @param subjects distinct subjects
   * @param modelVersion the model version its embeddings come from
   * @param reembedding the running re-embedding's fraction done (0 to 1), or -1 when none runs
   */
  public record Size(
      String gallery, long examples, long subjects, long modelVersion, double reembedding) {}

  private final Timer identify;
  private final Timer verify;
  private final MultiGauge examples;
  private final MultiGauge subjects;
  private final MultiGauge version;
  private final MultiGauge reembedding;
  private volatile Supplier<List<Size>> sizes = List::of;

  GalleryMeters(MeterRegistry registry) {
    identify = searchTimer(registry, "identify");
    verify = searchTimer(registry, "verify");
    examples =
        MultiGauge.builder("siamese.gallery.examples")
            .description("Examples enrolled in a gallery")
            .register(registry);
    subjects =
        MultiGauge.builder("siamese.gallery.subjects")
            .description("Distinct subjects in a gallery")
            .register(registry);
    version =
        MultiGauge.builder("siamese.gallery.model.version")
            .description("The model version a gallery's embeddings come from")
            .register(registry);
    reembedding =
        MultiGauge.builder("siamese.gallery.reembedding.progress")
            .description("Fraction of a gallery re-embedded by a new model version (0 to 1)")
            .register(registry);
  }

  private static Timer searchTimer(MeterRegistry registry, String kind) {
    return Timer.builder("siamese.gallery.search")
        .description("Time to search one gallery for one query embedding")
        .tag("kind", kind)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(10_000))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry);
  }

  /** Records one identify search. */
  public void identified(long nanos) {
    identify.record(Duration.ofNanos(nanos));
  }

  /** Records one verify search. */
  public void verified(long nanos) {
    verify.record(Duration.ofNanos(nanos));
  }

  /** Where the per-gallery figures come from at each scrape. */
  public void bindSizes(Supplier<List<Size>> source) {
    this.sizes = source;
  }

  /** Reads the per-gallery figures afresh: deleted galleries drop out. */
  void refresh() {
    List<Size> now = sizes.get();
    examples.register(
        now.stream().map(s -> MultiGauge.Row.of(tags(s), s.examples())).toList(), true);
    subjects.register(
        now.stream().map(s -> MultiGauge.Row.of(tags(s), s.subjects())).toList(), true);
    version.register(
        now.stream().map(s -> MultiGauge.Row.of(tags(s), s.modelVersion())).toList(), true);
    reembedding.register(
        now.stream()
            .filter(s -> s.reembedding() >= 0)
            .map(s -> MultiGauge.Row.of(tags(s), s.reembedding()))
            .toList(),
        true);
  }

  private static Tags tags(Size size) {
    return Tags.of("gallery", size.gallery());
  }
}
