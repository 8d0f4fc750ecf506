package io.siameseonnx.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siameseonnx.shared.image.PreprocessingSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairsCsvTest {
  private static final PreprocessingSpec SPEC = PreprocessingSpec.of(4, 4);

  @TempDir Path dir;

  @BeforeEach
  void images() throws IOException {
    ImageFolderTest.png(dir.resolve("img/a.png"), 10);
    ImageFolderTest.png(dir.resolve("img/b.png"), 20);
    ImageFolderTest.png(dir.resolve("img/c.png"), 30);
  }

  private Path csv(String content) throws IOException {
    return Files.writeString(dir.resolve("pairs.csv"), content);
  }

  private static int level(float[] image) {
    return Math.round(image[0] * 255);
  }

  @Test
  void readsPairsWithAHeaderRelativeToTheCsvFolder() throws IOException {
    Path csv = csv("path_a,path_b,label\nimg/a.png,img/b.png,0\n\nimg/c.png , img/c.png, 1\n");

    PairSet pairs = PairsCsv.read(csv, SPEC, true);

    assertThat(pairs.size()).isEqualTo(2);
    assertThat(pairs.labels()).containsExactly(0, 1);
    assertThat(level(pairs.first()[0])).isEqualTo(10);
    assertThat(level(pairs.second()[0])).isEqualTo(20);
    assertThat(level(pairs.first()[1])).isEqualTo(30);
  }

  @Test
  void aHeaderIsOptionalAndEachImageIsDecodedOnce() throws IOException {
    Path csv = csv("img/a.png,img/b.png,1\r\nimg/b.png,img/a.png,0\r\n");

    PairSet pairs = PairsCsv.read(csv, SPEC, false);

    assertThat(pairs.labels()).containsExactly(1, 0);
    assertThat(pairs.first()[0]).isSameAs(pairs.second()[1]);
  }

  @Test
  void aMissingCsvIsNamed() {
    Path missing = dir.resolve("nope.csv");

    assertThatThrownBy(() -> PairsCsv.read(missing, SPEC, false))
        .isInstanceOf(DataException.class)
        .hasMessage("pairs file not found: " + missing);
  }

  @Test
  void aBadLabelIsNamedWithItsLineNumber() throws IOException {
    Path csv = csv("a,b,label\nimg/a.png,img/b.png,1\nimg/a.png,img/c.png,2\n");

    assertThatThrownBy(() -> PairsCsv.read(csv, SPEC, false))
        .isInstanceOf(DataException.class)
        .hasMessageContaining(csv + " line 3")
        .hasMessageContaining("'2'");
  }

  @Test
  void aLineWithTooFewFieldsIsNamed() throws IOException {
    Path csv = csv("img/a.png,img/b.png,1\nimg/a.png;img/c.png;0\n");

    assertThatThrownBy(() -> PairsCsv.read(csv, SPEC, false))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("line 2")
        .hasMessageContaining("3 fields");
  }

  @Test
  void aMissingImageIsNamedWithItsLineNumber() throws IOException {
    Path csv = csv("img/a.png,img/missing.png,1\n");

    assertThatThrownBy(() -> PairsCsv.read(csv, SPEC, false))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("line 1")
        .hasMessageContaining(dir.resolve("img/missing.png").toString());
  }

  @Test
  void aPairWithACorruptImageIsSkipped() throws IOException {
    Files.writeString(dir.resolve("img/bad.png"), "broken");
    Path csv = csv("img/a.png,img/bad.png,1\nimg/a.png,img/b.png,0\n");

    PairSet pairs = PairsCsv.read(csv, SPEC, false);

    assertThat(pairs.size()).isEqualTo(1);
    assertThat(pairs.labels()).containsExactly(0);
  }

  @Test
  void aCorruptImageFailsAStrictRead() throws IOException {
    Files.writeString(dir.resolve("img/bad.png"), "broken");
    Path csv = csv("img/a.png,img/b.png,0\nimg/a.png,img/bad.png,1\n");

    assertThatThrownBy(() -> PairsCsv.read(csv, SPEC, true))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("line 2")
        .hasMessageContaining("bad.png");
  }

  @Test
  void aCsvWithOnlyAHeaderIsRefused() throws IOException {
    Path csv = csv("path_a,path_b,label\n");

    assertThatThrownBy(() -> PairsCsv.read(csv, SPEC, false))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("no pairs");
  }
}
