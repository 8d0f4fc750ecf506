package io.siameseonnx.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.siameseonnx.model.testing.TestRepository;
import io.siameseonnx.server.SiameseServer;
import io.siameseonnx.server.support.ErrorAssertions;
import io.siameseonnx.server.support.Http;
import io.siameseonnx.server.support.Images;
import io.siameseonnx.server.support.ServerFixture;
import io.siameseonnx.server.support.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeyAuthTest {
  @TempDir static Path repo;
  static SiameseServer server;

  @BeforeAll
  static void start() throws Exception {
    new TestRepository(repo).writeVersion(1);
    server = TestServers.ready(TestServers.config(repo).withApiKeys(Set.of("key-one", "key-two")));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void everyApiRouteRefusesARequestWithoutAKey() {
    ServerFixture.http(
        server,
        http -> {
          for (Http.Reply reply :
              List.of(
                  http.postJson("/v1/embeddings", Http.body("images", List.of(Images.tensor(1)))),
                  http.postJson(
                      "/v1/distance", Http.body("a", Images.tensor(1), "b", Images.tensor(2))),
                  http.postJson(
                      "/v1/distances",
                      Http.body(
                          "query", Images.tensor(1), "candidates", List.of(Images.tensor(2)))),
                  http.get("/v1/models"),
                  http.get("/openapi.json"))) {
            ErrorAssertions.assertError(reply, 401, "unauthorized");
            assertThat(reply.header("WWW-Authenticate")).contains("Bearer realm=\"siamese-onnx\"");
          }
        });
  }

  @Test
  void aWrongKeyIsRefused() {
    ServerFixture.http(
        server,
        http -> {
          Http.Reply reply = http.withBearer("key-three").get("/v1/models");
          ErrorAssertions.assertError(reply, 401, "unauthorized");
          assertThat(reply.json().get("message").asText()).doesNotContain("key-one");
        });
  }

  @Test
  void anyConfiguredKeyIsAccepted() {
    ServerFixture.http(
        server,
        http -> {
          assertThat(http.withBearer("key-one").get("/v1/models").status()).isEqualTo(200);
          assertThat(
                  http.withBearer("key-two")
                      .postJson("/v1/embeddings", Http.body("images", List.of(Images.tensor(1))))
                      .status())
              .isEqualTo(200);
        });
  }

  @Test
  void healthAndMetricsNeedNoKey() {
    ServerFixture.http(
        server,
        http -> {
          assertThat(http.get("/health/live").status()).isEqualTo(200);
          assertThat(http.get("/health/ready").status()).isEqualTo(200);
          assertThat(http.get("/metrics").status()).isEqualTo(200);
        });
  }

  @Test
  void keysAreReadFromAVariableValueAndFromAFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("keys");
    Files.writeString(file, "# service keys\nalpha\n\n  beta  \n");
    assertThat(ApiKeys.fromFile(file)).containsExactly("alpha", "beta");
    assertThat(ApiKeys.parse("one, two three,,")).containsExactly("one", "two", "three");
    assertThat(ApiKeys.parse(null)).isEmpty();
  }

  @Test
  void withoutKeysAuthIsOff() {
    assertThat(new ApiKeyAuth(Set.of()).enabled()).isFalse();
  }
}
