package io.siameseonnx.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.siameseonnx.model.testing.TestRepository;
import io.siameseonnx.server.support.ErrorAssertions;
import io.siameseonnx.server.support.Http;
import io.siameseonnx.server.support.Images;
import io.siameseonnx.server.support.ServerProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code SIAMESE_*} variables configure a real server process, as in a container. */
class EnvironmentVariablesTest {
  @TempDir Path dir;

  @Test
  void keysLimitsAndTheModelsFolderComeFromTheEnvironment() throws Exception {
    Path repo = dir.resolve("models");
    new TestRepository(repo).writeVersion(1);
    java.nio.file.Files.move(repo.resolve("siamese-embedding"), repo.resolve("towers"));
    Map<String, String> env =
        Map.of(
            "SIAMESE_API_KEYS", "env-key",
            "SIAMESE_MODEL_NAME", "towers",
            "SIAMESE_MAX_IMAGES_PER_REQUEST", "2",
            "SIAMESE_MAX_BODY_SIZE", "64KB");
    try (ServerProcess server = ServerProcess.start(repo, "256m", dir, env)) {
      Http anonymous = new Http(server.port());
      Http keyed = anonymous.withBearer("env-key");
      ErrorAssertions.assertError(anonymous.get("/v1/models"), 401, "unauthorized");
      assertThat(keyed.get("/v1/models").json().get("path").asText())
          .isEqualTo("towers/1/model.onnx");
      Http.Reply three =
          keyed.postJson(
              "/v1/embeddings",
              Http.body(
                  "images",
                  List.of(Images.pngBase64(1), Images.pngBase64(2), Images.pngBase64(3))));
      ErrorAssertions.assertError(three, 422, "invalid_request");
      assertThat(three.json().get("message").asText()).contains("the limit is 2 images");
      Http.Reply big = keyed.post("/v1/embeddings", "application/json", new byte[128 * 1024]);
      ErrorAssertions.assertError(big, 413, "payload_too_large");
    }
  }
}
