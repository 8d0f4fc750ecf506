package io.siameseonnx.trainer.export;

import java.util.Map;
import java.util.TreeMap;

/**
 * How closely the exported ONNX models reproduce DJL's forward pass: the figures the export is
 * checked on and records in the model card's {@code verification} map.
 *
 * @param maxAbsDiffEmbedding largest absolute difference of any embedding component
 * @param maxAbsDiffDistance largest absolute difference of any pair distance
 * @param images images compared (real and random)
 * @param pairs pairs compared
 */
public record ParityFigures(
    double maxAbsDiffEmbedding, double maxAbsDiffDistance, int images, int pairs) {
  /** Card key of {@link #maxAbsDiffEmbedding()}. */
  public static final String MAX_ABS_DIFF_EMBEDDING = "max_abs_diff_embedding";

  /** Card key of {@link #maxAbsDiffDistance()}. */
  public static final String MAX_ABS_DIFF_DISTANCE = "max_abs_diff_distance";

  /** Card key of {@link #images()}. */
  public static final String IMAGES = "images";

  /** Card key of {@link #pairs()}. */
  public static final String PAIRS = "pairs";

  /** Card key of the tolerance the figures were checked against. */
  public static final String TOLERANCE = "tolerance";

  /** Whether both differences are at most {@code tolerance} (false when either is NaN). */
  public boolean within(double tolerance) {
    return maxAbsDiffEmbedding <= tolerance && maxAbsDiffDistance <= tolerance;
  }

  /** The figures as the model card's {@code verification} map. */
  public Map<String, Double> toCardMap(double tolerance) {
    Map<String, Double> map = new TreeMap<>();
    map.put(MAX_ABS_DIFF_EMBEDDING, maxAbsDiffEmbedding);
    map.put(MAX_ABS_DIFF_DISTANCE, maxAbsDiffDistance);
    map.put(IMAGES, (double) images);
    map.put(PAIRS, (double) pairs);
    map.put(TOLERANCE, tolerance);
    return map;
  }
}
