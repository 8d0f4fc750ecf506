package io.siameseonnx.server.gallery;

import java.util.List;
import java.util.Optional;

/**
 * The answer to "who is this?" (open set): the nearest subjects, each once, nearest first; the
 * nearest is identified only when it is below the threshold, so "none of them" is an answer.
 *
 * @param matches the nearest subjects
 * @param identified the nearest subject when it is below the threshold
 * @param threshold the threshold applied
 */
public record Identification(
    List<SubjectMatch> matches, Optional<String> identified, double threshold) {
  /** Copies the matches. */
  public Identification {
    matches = List.copyOf(matches);
  }
}
