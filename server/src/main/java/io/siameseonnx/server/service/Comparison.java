package io.siameseonnx.server.service;

import io.siameseonnx.server.matching.Match;
import io.siameseonnx.server.models.ModelInfo;
import java.util.List;

/**
 * The outcome of comparing images: which model version compared them, at which threshold, and each
 * comparison's distance and verdict.
 *
 * @param model the model version that embedded every image
 * @param threshold similar when the distance is below it
 * @param matches pairs in request order, or candidates nearest first
 */
public record Comparison(ModelInfo model, double threshold, List<Match> matches) {
  /** Copies the matches. */
  public Comparison {
    matches = List.copyOf(matches);
  }
}
