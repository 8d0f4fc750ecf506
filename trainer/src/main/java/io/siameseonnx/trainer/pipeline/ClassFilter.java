package io.siameseonnx.trainer.pipeline;

import io.siameseonnx.trainer.data.DataException;
import io.siameseonnx.trainer.data.LabeledImages;
import java.util.HashSet;
import java.util.Set;

/** Keeps classes out of a data set, e.g. to evaluate one-shot learning on classes never seen. */
public final class ClassFilter {
  private ClassFilter() {}

  /** The images without the excluded classes (labels keep their values). */
  public static LabeledImages apply(LabeledImages images, Set<Integer> excluded) {
    if (excluded.isEmpty()) {
      return images;
    }
    Set<Integer> keep = new HashSet<>();
    for (int c = 0; c < images.numClasses(); c++) {
      if (!excluded.contains(c)) {
        keep.add(c);
      }
    }
    return keep(images, keep, "excluding classes " + excluded);
  }

  /** Only the images of the given classes; all of them when {@code only} is empty. */
  public static LabeledImages keep(LabeledImages images, Set<Integer> only) {
    return only.isEmpty() ? images : keep(images, only, "keeping only classes " + only);
  }

  private static LabeledImages keep(LabeledImages images, Set<Integer> keep, String what) {
    LabeledImages kept = images.onlyClasses(keep);
    if (kept.size() == 0) {
      throw new DataException(what + " leaves no image in " + images.source());
    }
    return kept;
  }

  /**
   * Parses a class list such as {@code "6,7,8,9"} or {@code "6-9"} into label values; names are
   * looked up in {@code classNames} when given.
   */
  public static Set<Integer> parse(String spec) {
    Set<Integer> out = new HashSet<>();
    if (spec == null || spec.isBlank()) {
      return out;
    }
    for (String part : spec.split(",")) {
      String p = part.trim();
      try {
        if (p.contains("-")) {
          String[] ends = p.split("-", 2);
          int from = Integer.parseInt(ends[0].trim());
          int to = Integer.parseInt(ends[1].trim());
          if (from > to) {
            throw new IllegalArgumentException(
                "bad class list '" + spec + "': the range " + p + " runs backwards");
          }
          for (int c = from; c <= to; c++) {
            out.add(c);
          }
        } else if (!p.isEmpty()) {
          out.add(Integer.parseInt(p));
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "bad class list '" + spec + "': expected numbers such as 6,7,8,9 or 6-9", e);
      }
    }
    return out;
  }
}
