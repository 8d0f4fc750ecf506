package io.siameseonnx.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.testtools.JavalinTest;
import io.siameseonnx.server.support.Http;
import io.siameseonnx.server.support.Images;
import io.siameseonnx.server.support.TestRepository;
import io.siameseonnx.server.support.TestServers;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeTest {
  @TempDir Path dir;

  @Test
  void smoke() throws Exception {
    new TestRepository(dir).writeVersion(1);
    try (SiameseServer server = TestServers.ready(TestServers.config(dir))) {
      JavalinTest.test(
          server.app(),
          new io.javalin.testtools.TestConfig(true, false),
          (app, client) -> {
            Http http = new Http(app.port());
            Http.Reply r =
                http.postJson(
                    "/v1/embeddings",
                    Http.body("images", List.of(Images.tensor(1), Images.pngBase64(2))));
            System.err.println(r);
            System.err.println(http.get("/v1/models"));
            System.err.println(
                http.postJson(
                    "/v1/distance", Http.body("a", Images.tensor(1), "b", Images.tensor(2))));
            System.err.println(http.get("/nope"));
            System.err.println(http.get("/v1/embeddings"));
            System.err.println(http.post("/v1/embeddings", "application/json", "{bad".getBytes()));
            assertThat(r.status()).isEqualTo(200);
          });
    }
  }
}
