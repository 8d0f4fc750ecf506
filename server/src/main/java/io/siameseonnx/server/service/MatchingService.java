package io.siameseonnx.server.service;

import io.siameseonnx.server.matching.Match;
import io.siameseonnx.server.matching.Matching;
import io.siameseonnx.server.models.ModelInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Compares images: a pair's verdict, many pairs, or one query ranked against candidates. All images
 * of a call are embedded in one go (they share batches and one model version), and the distance is
 * the model card's metric; the threshold is the card's unless the caller gives one.
 */
public final class MatchingService {
  private final EmbeddingService embeddings;

  /** A service that embeds with {@code embeddings}. */
  public MatchingService(EmbeddingService embeddings) {
    this.embeddings = embeddings;
  }

  /** Two images, the second compared with the first. */
  public record ImagePair(ImageInput a, ImageInput b) {}

  /**
   * The distance between two images and whether they are similar. As every method here, it checks
   * and preprocesses the images on the calling thread and does not wait for inference: the result
   * completes when the batch has run (see {@link EmbeddingService#embedAsync} for {@code runner}
   * and the exceptions).
   */
  public CompletableFuture<Comparison> verify(
      ImageInput a, ImageInput b, OptionalDouble threshold, Executor runner) {
    return pairs(List.of(new ImagePair(a, b)), threshold, runner);
  }

  /** The verdicts on pairs, in order. */
  public CompletableFuture<Comparison> pairs(
      List<ImagePair> pairs, OptionalDouble threshold, Executor runner) {
    if (pairs.isEmpty()) {
      throw new IllegalArgumentException("no pairs");
    }
    List<ImageInput> images = new ArrayList<>(2 * pairs.size());
    for (ImagePair pair : pairs) {
      images.add(pair.a());
      images.add(pair.b());
    }
    return embeddings
        .embedAsync(images, OptionalLong.empty(), runner)
        .thenApply(result -> verdicts(result, pairs.size(), threshold));
  }

  private static Comparison verdicts(EmbeddingResult result, int pairs, OptionalDouble threshold) {
    float[][] all = result.embeddings();
    float[][] a = new float[pairs][];
    float[][] b = new float[pairs][];
    for (int i = 0; i < pairs; i++) {
      a[i] = all[2 * i];
      b[i] = all[2 * i + 1];
    }
    ModelInfo model = result.model();
    double t = threshold.orElse(model.threshold());
    return new Comparison(model, t, Matching.pairs(a, b, model.metric(), t));
  }

  /** The candidates ranked by distance to the query, nearest first, at most {@code topK}. */
  public CompletableFuture<Comparison> rank(
      ImageInput query,
      List<ImageInput> candidates,
      int topK,
      OptionalDouble threshold,
      Executor runner) {
    if (candidates.isEmpty() || topK < 1) {
      throw new IllegalArgumentException("no candidates, or top_k below 1");
    }
    List<ImageInput> images = new ArrayList<>(1 + candidates.size());
    images.add(query);
    images.addAll(candidates);
    return embeddings
        .embedAsync(images, OptionalLong.empty(), runner)
        .thenApply(
            result -> {
              float[][] all = result.embeddings();
              ModelInfo model = result.model();
              double t = threshold.orElse(model.threshold());
              List<Match> ranked =
                  Matching.rank(
                      all[0], Arrays.copyOfRange(all, 1, all.length), model.metric(), t, topK);
              return new Comparison(model, t, ranked);
            });
  }
}
