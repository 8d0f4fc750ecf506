package io.siameseonnx.server.service;

import io.siameseonnx.server.matching.Match;
import io.siameseonnx.server.matching.Matching;
import io.siameseonnx.server.models.ModelInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;

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

  /** The distance between two images and whether they are similar. */
  public Comparison verify(ImageInput a, ImageInput b, OptionalDouble threshold) {
    return pairs(List.of(new ImagePair(a, b)), threshold);
  }

  /** The verdicts on pairs, in order. */
  public Comparison pairs(List<ImagePair> pairs, OptionalDouble threshold) {
    if (pairs.isEmpty()) {
      throw new IllegalArgumentException("no pairs");
    }
    List<ImageInput> images = new ArrayList<>(2 * pairs.size());
    for (ImagePair pair : pairs) {
      images.add(pair.a());
      images.add(pair.b());
    }
    EmbeddingResult result = embeddings.embed(images);
    float[][] all = result.embeddings();
    float[][] a = new float[pairs.size()][];
    float[][] b = new float[pairs.size()][];
    for (int i = 0; i < pairs.size(); i++) {
      a[i] = all[2 * i];
      b[i] = all[2 * i + 1];
    }
    ModelInfo model = result.model();
    double t = threshold.orElse(model.threshold());
    return new Comparison(model, t, Matching.pairs(a, b, model.metric(), t));
  }

  /** The candidates ranked by distance to the query, nearest first, at most {@code topK}. */
  public Comparison rank(
      ImageInput query, List<ImageInput> candidates, int topK, OptionalDouble threshold) {
    if (candidates.isEmpty() || topK < 1) {
      throw new IllegalArgumentException("no candidates, or top_k below 1");
    }
    List<ImageInput> images = new ArrayList<>(1 + candidates.size());
    images.add(query);
    images.addAll(candidates);
    EmbeddingResult result = embeddings.embed(images);
    float[][] all = result.embeddings();
    ModelInfo model = result.model();
    double t = threshold.orElse(model.threshold());
    List<Match> ranked =
        Matching.rank(all[0], Arrays.copyOfRange(all, 1, all.length), model.metric(), t, topK);
    return new Comparison(model, t, ranked);
  }
}
