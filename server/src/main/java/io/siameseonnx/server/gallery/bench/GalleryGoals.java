package io.siameseonnx.server.gallery.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The goals for a gallery of a million 128-d examples on 2 cores, checked per config. */
final class GalleryGoals {
  static final double MIN_RECALL = 0.98;
  static final double MAX_P99_MS = 5;
  static final double MAX_OPEN_MS = 3000;
  static final double MAX_RSS_MB = 1536;
  static final double MIN_BULK_RATE = 1000;

  private GalleryGoals() {}

  static List<GalleryBenchReport.Goal> check(List<GalleryBenchReport.ConfigResult> configs) {
    List<GalleryBenchReport.Goal> goals = new ArrayList<>();
    for (GalleryBenchReport.ConfigResult c : configs) {
      Optional<GalleryBenchReport.SearchRow> best =
          c.searches().stream()
              .filter(s -> s.recall() >= MIN_RECALL)
              .min(Comparator.comparingDouble(GalleryBenchReport.SearchRow::p99Ms));
      goals.add(
          new GalleryBenchReport.Goal(
              c.name(),
              best.map(s -> "search p99 at recall@k >= 0.98 (" + s.candidates() + " candidates)")
                  .orElse("search p99 at recall@k >= 0.98 (no candidate count reached it)"),
              best.map(GalleryBenchReport.SearchRow::p99Ms).orElse(Double.NaN),
              MAX_P99_MS,
              "ms",
              best.isPresent() && best.get().p99Ms() <= MAX_P99_MS));
      goals.add(
          new GalleryBenchReport.Goal(
              c.name(),
              "open at start-up and first search, cold",
              c.openMs() + c.firstQueryMs(),
              MAX_OPEN_MS,
              "ms",
              c.openMs() + c.firstQueryMs() <= MAX_OPEN_MS));
      goals.add(
          new GalleryBenchReport.Goal(
              c.name(),
              "resident memory with the index open and searched",
              c.afterQueries().rssMb(),
              MAX_RSS_MB,
              "MB",
              c.afterQueries().rssMb() <= MAX_RSS_MB));
      goals.add(
          new GalleryBenchReport.Goal(
              c.name(),
              "bulk enrolment, force merge included",
              c.totalRate(),
              MIN_BULK_RATE,
              "examples/s",
              c.totalRate() >= MIN_BULK_RATE));
    }
    return goals;
  }
}
