package io.siameseonnx.trainer.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample plots (realistic data and the edge cases: one epoch, no accuracy, equal distances,
 * similar pairs only) are drawn on every run, into a temporary folder, or into {@code
 * -Dreport.samples=<dir>} to look at them.
 */
class SamplePlotsTest {
  @TempDir Path tmp;

  @Test
  void everySamplePlotIsAReadableImageWithSomethingDrawnOnIt() throws Exception {
    String dir = System.getProperty("report.samples");
    List<Path> written = SamplePlots.write(dir == null ? tmp : Path.of(dir));

    assertThat(written).hasSize(5 + 4 + 1 + 1 + 3);
    for (Path file : written) {
      assertThat(file).isRegularFile();
      assertThat(Files.size(file)).as("%s", file).isPositive();
      BufferedImage image = ImageIO.read(file.toFile());
      assertThat(image).as("%s is an image", file).isNotNull();
      assertThat(distinctColours(image)).as("%s is not blank", file).isGreaterThan(2);
    }
  }

  private static long distinctColours(BufferedImage image) {
    java.util.Set<Integer> colours = new java.util.HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 3) {
      for (int x = 0; x < image.getWidth(); x += 3) {
        colours.add(image.getRGB(x, y));
      }
    }
    return colours.size();
  }
}
