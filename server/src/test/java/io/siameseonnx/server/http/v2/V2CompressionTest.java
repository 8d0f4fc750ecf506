package io.siameseonnx.server.http.v2;

import static io.siameseonnx.server.http.v2.V2ErrorsTest.assertV2Error;
import static io.siameseonnx.server.support.Http.body;
import static org.assertj.core.api.Assertions.assertThat;

import io.siameseonnx.server.support.Compressed;
import io.siameseonnx.server.support.Http;
import io.siameseonnx.server.support.Images;
import io.siameseonnx.server.support.ServedPair;
import io.siameseonnx.server.support.ServerFixture;
import io.siameseonnx.server.support.V2Bodies;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Infer bodies sent compressed, as tritonclient's {@code request_compression_algorithm} sends them
 * ({@code Content-Encoding: gzip} or {@code deflate}): they give what the same body sent plain
 * gives, and the body limit holds for what they inflate to.
 */
class V2CompressionTest {
  private static final String EMBED = "/v2/models/siamese-embedding/infer";

  @RegisterExtension static final ServedPair SERVED = new ServedPair(1);

  @Test
  void gzipAndDeflateBodiesGiveWhatThePlainBodyGives() {
    float[] a = Images.pixels(32, 32, 41);
    float[] b = Images.pixels(32, 32, 42);
    byte[] json = V2Bodies.json(body("inputs", List.of(V2Bodies.floats("image", a, b))));
    V2Bodies.Binary binary = V2Bodies.binaryEmbeddings(a, b);
    ServerFixture.http(
        SERVED.server(),
        http -> {
          Http.Raw plain = http.postRaw(EMBED, Map.of(), json);
          assertThat(plain.status()).isEqualTo(200);
          float[] expected = V2Bodies.data(plain.text().json().get("outputs").get(0).get("data"));
          for (Map.Entry<String, byte[]> sent :
              Map.of(
                      "gzip", Compressed.gzip(json),
                      "x-gzip", Compressed.gzip(json),
                      "deflate", Compressed.deflate(json, false),
                      // the raw deflate stream, without zlib's header, as some clients send it
                      "Deflate", Compressed.deflate(json, true))
                  .entrySet()) {
            Http.Raw reply =
                http.postRaw(EMBED, Map.of("Content-Encoding", sent.getKey()), sent.getValue());
            assertThat(reply.status()).as(sent.getKey() + " " + reply.text().body()).isEqualTo(200);
            assertThat(V2Bodies.data(reply.text().json().get("outputs").get(0).get("data")))
                .as(sent.getKey())
                .containsExactly(expected);
          }
          // Binary tensor data: the header's length counts the JSON before compression.
          Http.Raw binaryPlain = http.postRaw(EMBED, binary.headers(), binary.body());
          Map<String, String> headers = new HashMap<>(binary.headers());
          headers.put("Content-Encoding", "gzip");
          Http.Raw binaryGzipped = http.postRaw(EMBED, headers, Compressed.gzip(binary.body()));
          assertThat(binaryGzipped.status()).as(binaryGzipped.text().body()).isEqualTo(200);
          assertThat(V2Bodies.answer(binaryGzipped).floats())
              .containsExactly(V2Bodies.answer(binaryPlain).floats());
        });
  }

  @Test
  void theLimitHoldsForTheInflatedBodyAndABodyThatIsNotWhatItSaysIsRefused() {
    byte[] json =
        V2Bodies.json(body("inputs", List.of(V2Bodies.floats("image", Images.pixels(32, 32, 43)))));
    // 512 MB of zeros in about half a megabyte: inflated whole, it would fill the test's heap.
    byte[] bomb = Compressed.gzipOfZeros(512L << 20);
    assertThat(bomb.length).isLessThan(1024 * 1024);
    byte[] gzipped = Compressed.gzip(json);
    ServerFixture.http(
        SERVED.server(),
        http -> {
          assertV2Error(
              http.postRaw(EMBED, Map.of("Content-Encoding", "gzip"), bomb).text(),
              413,
              "over the limit of 1048576 bytes once inflated");
          assertV2Error(
              http.postRaw(EMBED, Map.of("Content-Encoding", "gzip"), json).text(),
              400,
              "request body is not valid gzip");
          assertV2Error(
              http.postRaw(
                      EMBED,
                      Map.of("Content-Encoding", "gzip"),
                      Arrays.copyOf(gzipped, gzipped.length / 2))
                  .text(),
              400,
              "request body is not valid gzip");
          assertV2Error(
              http.postRaw(EMBED, Map.of("Content-Encoding", "deflate"), json).text(),
              400,
              "request body is not valid deflate");
          assertV2Error(
              http.postRaw(EMBED, Map.of("Content-Encoding", "gzip"), Compressed.gzip(new byte[0]))
                  .text(),
              400,
              "empty once inflated");
          assertV2Error(
              http.postRaw(EMBED, Map.of("Content-Encoding", "br"), json).text(),
              415,
              "Content-Encoding br is not supported");
          // The server serves on.
          assertThat(http.postRaw(EMBED, Map.of("Content-Encoding", "gzip"), gzipped).status())
              .isEqualTo(200);
        });
  }
}
