package io.siameseonnx.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siameseonnx.model.testing.TestRepository;
import io.siameseonnx.server.SiameseServer;
import io.siameseonnx.server.support.Http;
import io.siameseonnx.server.support.Images;
import io.siameseonnx.server.support.ServerFixture;
import io.siameseonnx.server.support.TestServers;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inference routes write their answers straight to the response, except where Javalin would
 * compress them: a client that accepts gzip still gets a large answer compressed.
 */
class AnswersTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path repo;

  private static byte[] request(int images) throws Exception {
    List<Object> tensors = new ArrayList<>();
    for (int i = 0; i < images; i++) {
      tensors.add(Images.tensor(i));
    }
    return JSON.writeValueAsBytes(Http.body("images", tensors));
  }

  @Test
  void answersAreExactWithoutCompressionAndGzippedWhenAskedAndLargeEnough() throws Exception {
    new TestRepository(repo).writeVersion(1);
    try (SiameseServer server = TestServers.ready(TestServers.config(repo))) {
      ServerFixture.http(
          server,
          http -> {
            Map<String, String> json = Map.of("Content-Type", "application/json");
            Http.Raw plain = http.postRaw("/v1/embeddings", json, request(32));
            assertThat(plain.status()).isEqualTo(200);
            assertThat(plain.header("Content-Encoding")).isEmpty();
            assertThat(plain.header("Content-Length"))
                .contains(Integer.toString(plain.body().length));
            assertThat(plain.header("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            JsonNode expected = JSON.readTree(plain.body());
            assertThat(expected.get("embeddings")).hasSize(32);
            assertThat(plain.body().length).isGreaterThan(1500);

            Map<String, String> gzip =
                Map.of("Content-Type", "application/json", "Accept-Encoding", "gzip");
            Http.Raw large = http.postRaw("/v1/embeddings", gzip, request(32));
            assertThat(large.header("Content-Encoding")).contains("gzip");
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(large.body()))) {
              assertThat(JSON.readTree(in.readAllBytes())).isEqualTo(expected);
            }

            // Below Javalin's 1,500-byte minimum nothing is compressed, asked or not.
            Http.Raw small = http.postRaw("/v1/embeddings", gzip, request(1));
            assertThat(small.header("Content-Encoding")).isEmpty();
            assertThat(small.header("Content-Length"))
                .contains(Integer.toString(small.body().length));
            assertThat(JSON.readTree(small.body()).get("embeddings").get(0))
                .isEqualTo(expected.get("embeddings").get(0));
          });
    }
  }
}
