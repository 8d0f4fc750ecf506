package io.siameseonnx.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.siameseonnx.model.spec.TowerSpec;
import io.siameseonnx.model.testing.TestModels;
import io.siameseonnx.model.testing.TestRepository;
import io.siameseonnx.server.SiameseServer;
import io.siameseonnx.server.support.Images;
import io.siameseonnx.server.support.TestServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request of many tensors is checked on its own thread, not handed to the pool and back (with the
 * v2 body read straight into its array, this took a 32-image binary request from 65-74 to 53-59 us
 * of CPU an image); encoded images still share the pool.
 */
class PreprocessingPoolTest {
  private static final TowerSpec TOWER = TestModels.linearTower(8);

  @TempDir Path repo;

  @Test
  void tensorsStayOnTheRequestThreadAndEncodedImagesShareThePool() throws Exception {
    new TestRepository(repo).write(1, TOWER);
    ThreadPoolExecutor pool = (ThreadPoolExecutor) Executors.newFixedThreadPool(2);
    try (SiameseServer server = TestServers.ready(TestServers.config(repo))) {
      EmbeddingService service =
          new EmbeddingService(
              server.hosts().embedding(),
              pool,
              2,
              new DecodeBudget(DecodeBudget.defaultBytes(), Duration.ofSeconds(5)),
              Duration.ofSeconds(30));
      List<ImageInput> tensors = new ArrayList<>();
      List<ImageInput> files = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        float[] pixels = Images.pixels(32, 32, i);
        tensors.add(
            new TensorImage(pixels, new int[] {pixels.length}, new int[0], "image[" + i + "]"));
        files.add(new EncodedImage(Images.png(32, 32, i), "file[" + i + "]"));
      }
      float[][] fromTensors = service.embed(tensors).embeddings();
      assertThat(pool.getTaskCount()).isZero();
      float[][] fromFiles = service.embed(files).embeddings();
      assertThat(pool.getTaskCount()).isPositive();
      assertThat(fromTensors).hasNumberOfRows(32);
      assertThat(fromFiles).hasNumberOfRows(32);
    } finally {
      pool.shutdownNow();
    }
  }
}
