package io.siameseonnx.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.siameseonnx.model.spec.TowerSpec;
import io.siameseonnx.model.testing.TestModels;
import io.siameseonnx.model.testing.TestRepository;
import io.siameseonnx.server.ServerApp;
import io.siameseonnx.server.SiameseServer;
import io.siameseonnx.server.support.ServerFixture;
import io.siameseonnx.server.support.TestServers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Answers are gzipped when the client accepts gzip and it is worth it, at one level everywhere. */
class CompressionTest {
  @Test
  void gzipIsUsedOnlyWhereTheClientGivesItAWeight() {
    assertThat(Compression.acceptsGzip("gzip")).isTrue();
    assertThat(Compression.acceptsGzip("gzip, deflate")).isTrue();
    assertThat(Compression.acceptsGzip("br;q=1.0, GZIP ; q=0.5")).isTrue();
    assertThat(Compression.acceptsGzip("deflate,gzip")).isTrue();
    assertThat(Compression.acceptsGzip(null)).isFalse();
    assertThat(Compression.acceptsGzip("")).isFalse();
    assertThat(Compression.acceptsGzip("identity")).isFalse();
    assertThat(Compression.acceptsGzip("deflate, br")).isFalse();
    assertThat(Compression.acceptsGzip("gzip;q=0")).isFalse();
    assertThat(Compression.acceptsGzip("gzip;q=0.000")).isFalse();
    assertThat(Compression.acceptsGzip("gzip;q=x")).isFalse();
    assertThat(Compression.acceptsGzip("gzipped")).isFalse();
  }

  @Test
  void shortBodiesAndTensorBytesAreSentAsTheyAre() {
    assertThat(Compression.applies("gzip", "application/json", Compression.SMALLEST)).isTrue();
    assertThat(Compression.applies("gzip", "application/json", Compression.SMALLEST - 1)).isFalse();
    assertThat(Compression.applies(null, "application/json", 100_000)).isFalse();
    assertThat(Compression.applies("gzip", "application/octet-stream", 100_000)).isFalse();
  }

  @Test
  void aGzippedBodyIsAGzipFileOfTheSameBytes() throws IOException {
    Random random = new Random(7);
    byte[] noise = new byte[300_000];
    random.nextBytes(noise);
    byte[] text = "[0.12345678, -0.5, 1e-7], ".repeat(2_000).getBytes(StandardCharsets.US_ASCII);
    // Twice each: a deflater used before must be as good as a new one.
    for (byte[] body : new byte[][] {new byte[0], text, noise, text, noise, new byte[1]}) {
      byte[] gzipped = Compression.gzip(body);
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
        assertThat(in.readAllBytes()).isEqualTo(body);
      }
    }
    assertThat(Compression.gzip(text).length).isLessThan(text.length / 4);
  }

  @Test
  void javalinsOwnAnswersAreCompressedAtTheSameLevel(@TempDir Path repo) throws Exception {
    TowerSpec tower = TestModels.linearTower(8);
    new TestRepository(repo).writePair(1, tower, TestModels.card(tower));
    HttpClient client = HttpClient.newHttpClient();
    try (SiameseServer server = TestServers.ready(TestServers.config(repo))) {
      ServerFixture.http(
          server,
          http -> {
            HttpResponse<byte[]> reply =
                client.send(
                    HttpRequest.newBuilder(URI.create(http.base() + ServerApp.OPENAPI))
                        .header("Accept-Encoding", "gzip")
                        .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(reply.statusCode()).isEqualTo(200);
            assertThat(reply.headers().firstValue("Content-Encoding")).contains("gzip");
            byte[] document;
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(reply.body()))) {
              document = in.readAllBytes();
            }
            // The same deflate stream as ours (the 10-byte headers name different systems).
            byte[] ours = Compression.gzip(document);
            assertThat(Arrays.copyOfRange(reply.body(), 10, reply.body().length))
                .isEqualTo(Arrays.copyOfRange(ours, 10, ours.length));
          });
    }
  }
}
