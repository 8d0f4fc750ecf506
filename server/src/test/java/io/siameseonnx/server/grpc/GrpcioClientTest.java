package io.siameseonnx.server.grpc;

import static io.siameseonnx.model.testing.RequiredTools.PYTHON;
import static io.siameseonnx.model.testing.RequiredTools.requirePythonModule;
import static org.assertj.core.api.Assertions.assertThat;

import io.siameseonnx.model.repository.ModelRepository;
import io.siameseonnx.model.spec.TowerSpec;
import io.siameseonnx.model.testing.TestModels;
import io.siameseonnx.model.testing.TestRepository;
import io.siameseonnx.server.SiameseServer;
import io.siameseonnx.server.support.DirectOrt;
import io.siameseonnx.server.support.Grpc;
import io.siameseonnx.server.support.Images;
import io.siameseonnx.server.support.TestServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second gRPC implementation calls the server: Python's {@code grpcio} (gRPC's C core, which
 * tritonclient's gRPC mode runs on), with messages encoded by hand from the specification's field
 * numbers, so that HTTP/2 framing, metadata and status details are checked against a client that is
 * not grpc-java. Where {@code /usr/bin/python3} cannot {@code import grpc} (Debian: {@code apt-get
 * install python3-grpcio}) it is skipped on a developer's machine and fails in CI.
 */
class GrpcioClientTest {
  private static final TowerSpec TOWER = TestModels.linearTower(8);

  /** The client, beside this class among the test resources. */
  private static final Path SCRIPT = script();

  @TempDir static Path repo;
  static Path model;

  @BeforeAll
  static void requireGrpcio() throws Exception {
    requirePythonModule("grpc", "python3-grpcio");
    new TestRepository(repo).writePair(1, TOWER, TestModels.card(TOWER));
    model = new ModelRepository(repo).versionDir("siamese-embedding", 1).resolve("model.onnx");
  }

  @Test
  void pythonsGrpcioGetsTheEmbeddingAuthErrorsAndMetadata(@TempDir Path dir) throws Exception {
    byte[] png = Images.png(32, 32, 31);
    Path file = Files.write(dir.resolve("image.png"), png);
    try (SiameseServer server =
        TestServers.ready(TestServers.config(repo).withApiKeys(Set.of("secret")))) {
      float[] expected =
          DirectOrt.embed(model, server.slot().peek().orElseThrow().preprocessor().fromBytes(png));
      List<String> lines = new ArrayList<>();
      Grpc.grpc(
          server,
          client -> {
            Process p =
                new ProcessBuilder(
                        PYTHON.toString(),
                        SCRIPT.toString(),
                        Integer.toString(client.port()),
                        "secret",
                        file.toString())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(output).isZero();
            lines.addAll(output.lines().toList());
          });
      assertThat(lines).hasSize(5);
      assertThat(lines.get(0)).isEqualTo("live [1]");
      assertThat(lines.get(1))
          .startsWith("no key status UNAUTHENTICATED: ")
          .contains("API key is required");
      String[] infer = lines.get(2).split(" ");
      assertThat(List.of(infer).subList(0, 4))
          .containsExactly("infer", "py-1", "embedding", "FP32");
      float[] embedding = new float[infer.length - 4];
      for (int i = 0; i < embedding.length; i++) {
        embedding[i] = Float.parseFloat(infer[i + 4]);
      }
      assertThat(embedding).containsExactly(expected);
      assertThat(lines.get(3)).startsWith("unknown status NOT_FOUND: ").contains("unknown model");
      assertThat(lines.get(4)).isEqualTo("metadata onnx_onnxv1");
    }
  }

  private static Path script() {
    try {
      return Path.of(GrpcioClientTest.class.getResource("grpcio_client.py").toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
