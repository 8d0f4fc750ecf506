package io.siameseonnx.server.gallery;

import java.util.List;
import java.util.Optional;

/**
 * One page of a gallery's subjects, in UTF-8 byte order.
 *
 * @param subjects the subjects of this page
 * @param nextCursor the opaque cursor of the next page, absent on the last
 */
public record SubjectPage(List<SubjectSummary> subjects, Optional<String> nextCursor) {
  /** Copies the subjects. */
  public SubjectPage {
    subjects = List.copyOf(subjects);
  }
}
