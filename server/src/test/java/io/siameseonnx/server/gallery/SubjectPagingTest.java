package io.siameseonnx.server.gallery;

import static io.siameseonnx.server.gallery.GalleryFixtures.OPTIONS;
import static io.siameseonnx.server.gallery.GalleryFixtures.axis;
import static io.siameseonnx.server.gallery.GalleryFixtures.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listing subjects page by page with a cursor. */
class SubjectPagingTest {
  @TempDir Path dir;
  private GalleryStore store;
  private Gallery gallery;

  @BeforeEach
  void open() {
    store = GalleryStore.open(dir, OPTIONS);
    store.create("g", GallerySettings.NONE, model(1));
    gallery = store.gallery("g");
    // One bulk load rather than 25 commits: the listing is what is tested here.
    List<StoredExample> examples = new ArrayList<>();
    for (int i = 24; i >= 0; i--) {
      for (int e = 0; e <= i % 3; e++) {
        examples.add(
            new StoredExample(
                "x" + i + "-" + e,
                String.format("subject-%02d", i),
                Optional.empty(),
                ModelRef.of(model(1)),
                Instant.EPOCH,
                axis(e, 1),
                new float[16]));
      }
    }
    try (BulkLoad load = gallery.bulkLoad()) {
      load.add(examples);
      load.finish(false);
    }
  }

  @AfterEach
  void close() throws Exception {
    store.close();
  }

  private List<SubjectSummary> all(int pageSize) {
    List<SubjectSummary> seen = new ArrayList<>();
    Optional<String> cursor = Optional.empty();
    do {
      SubjectPage page = gallery.subjects(cursor, pageSize);
      assertThat(page.subjects().size()).isLessThanOrEqualTo(pageSize);
      seen.addAll(page.subjects());
      cursor = page.nextCursor();
    } while (cursor.isPresent());
    return seen;
  }

  @Test
  void pagesCoverEverySubjectOnceInOrder() {
    List<SubjectSummary> seen = all(10);
    assertThat(seen).hasSize(25);
    assertThat(seen.get(0)).isEqualTo(new SubjectSummary("subject-00", 1));
    assertThat(seen.get(5)).isEqualTo(new SubjectSummary("subject-05", 3));
    assertThat(seen).extracting(SubjectSummary::subject).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void theLastPageHasNoCursor() {
    SubjectPage first = gallery.subjects(Optional.empty(), 25);
    assertThat(first.subjects()).hasSize(25);
    assertThat(first.nextCursor()).isEmpty();
    SubjectPage partial = gallery.subjects(Optional.empty(), 24);
    assertThat(partial.nextCursor()).isPresent();
    assertThat(gallery.subjects(partial.nextCursor(), 24).subjects())
        .extracting(SubjectSummary::subject)
        .containsExactly("subject-24");
  }

  @Test
  void deletedSubjectsAreSkippedAndCursorsStayValid() {
    SubjectPage first = gallery.subjects(Optional.empty(), 10);
    gallery.deleteSubject("subject-09");
    gallery.deleteSubject("subject-10");
    SubjectPage second = gallery.subjects(first.nextCursor(), 10);
    assertThat(second.subjects().get(0).subject()).isEqualTo("subject-11");
    assertThat(all(7)).hasSize(23);
  }

  @Test
  void malformedCursorsAreRefused() {
    assertThatThrownBy(() -> gallery.subjects(Optional.of("***"), 10))
        .isInstanceOf(InvalidGalleryRequestException.class);
    assertThatThrownBy(() -> gallery.subjects(Optional.of(""), 10))
        .isInstanceOf(InvalidGalleryRequestException.class);
  }

  @Test
  void anEmptyGalleryHasAnEmptyPage() {
    store.create("empty", GallerySettings.NONE, model(1));
    SubjectPage page = store.gallery("empty").subjects(Optional.empty(), 10);
    assertThat(page.subjects()).isEmpty();
    assertThat(page.nextCursor()).isEmpty();
  }
}
