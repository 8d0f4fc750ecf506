package io.siameseonnx.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.siameseonnx.model.testing.TestModels;
import io.siameseonnx.model.testing.TestRepository;
import io.siameseonnx.server.ServerConfig;
import io.siameseonnx.server.SiameseServer;
import io.siameseonnx.server.batching.BatcherOptions;
import io.siameseonnx.server.support.ErrorAssertions;
import io.siameseonnx.server.support.Http;
import io.siameseonnx.server.support.Images;
import io.siameseonnx.server.support.ServerFixture;
import io.siameseonnx.server.support.TestServers;
import io.siameseonnx.server.support.V2Bodies;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The inference routes answer when their batch is done, without holding the request thread: a batch
 * that fails after the request was queued is answered in each protocol's error shape, and clients
 * that never read their answers hold up neither the batcher nor anybody else's requests (wherever
 * the answers are written, the write does not block the thread).
 */
class AsynchronousAnswersTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path repo;

  @Test
  void aBatchThatFailsAfterTheRequestWasQueuedIsAnsweredInEachProtocolsShape() throws Exception {
    // Fails in ONNX Runtime on batches of more than one image. Nine or ten images are more than a
    // batch (8), so the request is queued for the batcher rather than run on its own thread.
    try (SiameseServer server = TestServers.failingAboveBatchOne(repo)) {
      ServerFixture.http(
          server,
          http -> {
            List<Object> nine = new ArrayList<>();
            float[][] tensors = new float[9][];
            for (int i = 0; i < 9; i++) {
              nine.add(Images.tensor(i));
              tensors[i] = Images.pixels(32, 32, i);
            }
            Http.Reply v1 = http.postJson("/v1/embeddings", Http.body("images", nine));
            ErrorAssertions.assertError(v1, 500, "inference_failed");

            Http.Reply v2 =
                http.postJson(
                    "/v2/models/siamese-embedding/infer",
                    Http.body("inputs", List.of(V2Bodies.floats("image", tensors))));
            assertThat(v2.status()).as(v2.body()).isEqualTo(500);
            assertThat(v2.json().size()).isEqualTo(1);
            assertThat(v2.json().get("error").asText()).contains("inference failed");

            List<Object> pairs = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
              pairs.add(Map.of("a", Images.tensor(i), "b", Images.tensor(i + 5)));
            }
            Http.Reply distances = http.postJson("/v1/distances", Http.body("pairs", pairs));
            ErrorAssertions.assertError(distances, 500, "inference_failed");

            assertThat(
                    http.postJson("/v1/embeddings", Http.body("images", List.of(Images.tensor(1))))
                        .status())
                .isEqualTo(200);
          });
    }
  }

  /**
   * PNG files make a small request, whose answers are written on Jetty's threads; tensors a large
   * one, whose answers are written on the batcher thread that completed them.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"png", "tensor"})
  void clientsThatNeverReadTheirAnswersHoldUpNobodyElse(String input) throws Exception {
    // 512-d embeddings: an answer of 32 images is about 180 KB, so a few dozen unread answers fill
    // the loopback's socket buffers and the next write on that connection blocks.
    new TestRepository(repo).write(1, TestModels.linearTower(512));
    // Room in the queue for every connection's request at once: the stalled connections must not
    // fill it (they do not here: a connection's next request is read only once its answer is sent).
    ServerConfig config =
        TestServers.config(repo).withBatching(new BatcherOptions(8, Duration.ofMillis(1), 256), 32);
    try (SiameseServer server = TestServers.ready(config)) {
      ServerFixture.http(
          server,
          http -> {
            int port = URI.create(http.base()).getPort();
            List<Object> images = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
              images.add(input.equals("png") ? Images.pngBase64(i) : Images.tensor(i));
            }
            byte[] body = JSON.writeValueAsBytes(Map.of("images", images));
            if (input.equals("png")) {
              assertThat((long) body.length).isLessThan(DirectRoutes.INLINE_ANSWER_BYTES);
            } else {
              assertThat((long) body.length)
                  .isGreaterThanOrEqualTo(DirectRoutes.INLINE_ANSWER_BYTES);
            }
            byte[] request = pipelined(body);
            // More stalled connections than the batcher has instances.
            List<Socket> stalled = new ArrayList<>();
            List<Thread> writers = new ArrayList<>();
            try {
              for (int c = 0; c < 4; c++) {
                Socket socket = new Socket();
                socket.setReceiveBufferSize(4096);
                socket.connect(new InetSocketAddress("127.0.0.1", port));
                stalled.add(socket);
                Thread writer = new Thread(() -> writeUntilStuck(socket, request, 80));
                writer.setDaemon(true);
                writer.start();
                writers.add(writer);
              }
              for (Thread writer : writers) {
                // Until the server stops reading (its answers no longer fit) or all was sent.
                writer.join(3000);
              }
              // Until the stalled connections stop being served: their answers no longer fit.
              long batches = -1;
              for (int i = 0; i < 100; i++) {
                Thread.sleep(300);
                long now = batches(http);
                if (now == batches) {
                  break;
                }
                batches = now;
              }
              HttpClient client =
                  HttpClient.newBuilder()
                      .version(HttpClient.Version.HTTP_1_1)
                      .connectTimeout(Duration.ofSeconds(10))
                      .build();
              for (int i = 0; i < 5; i++) {
                HttpResponse<String> reply =
                    client.send(
                        HttpRequest.newBuilder(URI.create(http.base() + "/v1/embeddings"))
                            .timeout(Duration.ofSeconds(20))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
                assertThat(JSON.readTree(reply.body()).get("embeddings").size()).isEqualTo(32);
              }
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException(e);
            } finally {
              for (Socket socket : stalled) {
                try {
                  socket.close();
                } catch (IOException e) {
                  // closing anyway
                }
              }
            }
          });
    }
  }

  /** Batches the embedding model has run, from the metrics. */
  private static long batches(Http http) {
    String prefix = "siamese_batch_size_count{model=\"siamese-embedding\"} ";
    return http.get("/metrics")
        .body()
        .lines()
        .filter(line -> line.startsWith(prefix))
        .mapToLong(line -> (long) Double.parseDouble(line.substring(prefix.length())))
        .findFirst()
        .orElseThrow();
  }

  private static byte[] pipelined(byte[] body) {
    byte[] head =
        ("POST /v1/embeddings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] request = new byte[head.length + body.length];
    System.arraycopy(head, 0, request, 0, head.length);
    System.arraycopy(body, 0, request, head.length, body.length);
    return request;
  }

  /** Sends {@code count} requests back to back and never reads an answer. */
  private static void writeUntilStuck(Socket socket, byte[] request, int count) {
    try {
      OutputStream out = socket.getOutputStream();
      for (int i = 0; i < count; i++) {
        out.write(request);
      }
      out.flush();
    } catch (IOException e) {
      // the test closed the socket while this write was blocked
    }
  }
}
