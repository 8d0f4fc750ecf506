package io.siameseonnx.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.siameseonnx.model.testing.TestRepository;
import io.siameseonnx.server.support.Compressed;
import io.siameseonnx.server.support.ErrorAssertions;
import io.siameseonnx.server.support.Http;
import io.siameseonnx.server.support.Images;
import io.siameseonnx.server.support.ServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests that used to run the server out of memory, against a real server process with a small
 * heap (the scale of the original attack, 16 MB bodies twelve at a time against a 6 GB heap,
 * brought down to 4 MB bodies against 192 MB: the bodies take a quarter of it, and building each
 * body's 1.4 million images took more than all of it).
 */
class MemoryLimitsTest {
  @TempDir Path dir;

  @Test
  void hugeArraysOfEmptyImagesAreRefusedBeforeTheyFillTheHeap() throws Exception {
    Path repo = dir.resolve("models");
    new TestRepository(repo).writeVersion(1);
    // 4 MB of "" elements: 1.4 million images claimed in one body.
    String body =
        "{\"images\": [" + String.join(",", Collections.nCopies(1_400_000, "\"\"")) + "]}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    try (ServerProcess server = ServerProcess.start(repo, "96m", dir, "--max-body-size", "9MB")) {
      Http http = new Http(server.port());
      List<CompletableFuture<Http.Reply>> replies = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        replies.add(
            CompletableFuture.supplyAsync(
                () -> http.post("/v1/embeddings", "application/json", bytes)));
      }
      for (CompletableFuture<Http.Reply> reply : replies) {
        ErrorAssertions.assertError(reply.get(), 422, "invalid_request");
      }
      assertThat(http.get("/health/ready").status()).isEqualTo(200);
      assertThat(server.log()).doesNotContain("OutOfMemoryError");
    }
  }

  @Test
  void compressedBodiesThatInflateWithoutEndAreRefusedAtTheLimit() throws Exception {
    Path repo = dir.resolve("models");
    new TestRepository(repo).writeVersion(1);
    // 256 MB of zeros in a quarter of a megabyte each: inflated whole, one would not fit the heap.
    byte[] bomb = Compressed.gzipOfZeros(256L << 20);
    try (ServerProcess server = ServerProcess.start(repo, "96m", dir, "--max-body-size", "4MB")) {
      Http http = new Http(server.port());
      List<CompletableFuture<Http.Raw>> replies = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        replies.add(
            CompletableFuture.supplyAsync(
                () ->
                    http.postRaw(
                        "/v2/models/siamese-embedding/infer",
                        Map.of("Content-Encoding", "gzip"),
                        bomb)));
      }
      for (CompletableFuture<Http.Raw> reply : replies) {
        Http.Reply text = reply.get().text();
        assertThat(text.status()).as(text.body()).isEqualTo(413);
        assertThat(text.json().get("error").asText())
            .isEqualTo("request body is over the limit of 4194304 bytes once inflated");
      }
      assertThat(http.get("/health/ready").status()).isEqualTo(200);
      assertThat(server.log()).doesNotContain("OutOfMemoryError");
    }
  }

  @Test
  void aRequestThatRunsTheServerOutOfMemoryIs503InTheJsonShapeAndTheServerServesOn()
      throws Exception {
    Path repo = dir.resolve("models");
    new TestRepository(repo).writeVersion(1);
    // One base64 string of 16 million characters (under Jackson's 20 million): the parser's
    // characters, the string and the decoded bytes together take more than a 48 MB heap holds.
    char[] letters = new char[16_000_000];
    Arrays.fill(letters, 'A');
    byte[] body =
        ("{\"images\": [\"" + new String(letters) + "\"]}").getBytes(StandardCharsets.UTF_8);
    try (ServerProcess server = ServerProcess.start(repo, "64m", dir, "--max-body-size", "40MB")) {
      Http http = new Http(server.port());
      Http.Reply reply = http.post("/v1/embeddings", "application/json", body);
      ErrorAssertions.assertError(reply, 503, "overloaded");
      assertThat(reply.header("Retry-After")).hasValue("1");
      assertThat(server.isAlive()).isTrue();
      assertThat(http.get("/health/ready").status()).isEqualTo(200);
      assertThat(
              http.postJson("/v1/embeddings", Http.body("images", List.of(Images.tensor(1))))
                  .status())
          .isEqualTo(200);
      // The same through the v2 route Javalin serves (a compressed body): its error shape.
      byte[] v2 =
          ("{\"inputs\": [{\"name\": \"image_bytes\", \"datatype\": \"BYTES\", \"shape\": [1],"
                  + " \"data\": [\""
                  + new String(letters)
                  + "\"]}]}")
              .getBytes(StandardCharsets.UTF_8);
      Http.Reply v2Reply =
          http.postRaw(
                  "/v2/models/siamese-embedding/infer",
                  Map.of("Content-Encoding", "gzip"),
                  Compressed.gzip(v2))
              .text();
      assertThat(v2Reply.status()).as(v2Reply.body()).isEqualTo(503);
      assertThat(v2Reply.json().get("error").asText()).contains("ran out of memory");
      assertThat(v2Reply.header("Retry-After")).hasValue("1");
      assertThat(http.get("/v2/health/ready").status()).isEqualTo(200);
    }
  }
}
