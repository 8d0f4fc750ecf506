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

  /** Prints one line a call: what came back, or the status code and its description. */
  private static final String SCRIPT =
      """
      import struct, sys, grpc

      def varint(n):
          n &= (1 << 64) - 1
          out = bytearray()
          while True:
              low, n = n & 0x7F, n >> 7
              out.append(low | (0x80 if n else 0))
              if not n:
                  return bytes(out)

      def field(number, payload):
          return varint(number << 3 | 2) + varint(len(payload)) + payload

      def text(number, value):
          return field(number, value.encode())

      def read_varint(buf, i):
          shift = value = 0
          while True:
              b = buf[i]
              i += 1
              value |= (b & 0x7F) << shift
              shift += 7
              if b < 0x80:
                  return value, i

      def fields(buf):
          out, i = {}, 0
          while i < len(buf):
              tag, i = read_varint(buf, i)
              wire = tag & 7
              if wire == 0:
                  value, i = read_varint(buf, i)
              elif wire == 2:
                  size, i = read_varint(buf, i)
                  value, i = buf[i:i + size], i + size
              else:
                  raise SystemExit('unexpected wire type %d' % wire)
              out.setdefault(tag >> 3, []).append(value)
          return out

      port, key, png_path = sys.argv[1], sys.argv[2], sys.argv[3]
      channel = grpc.insecure_channel('127.0.0.1:' + port)

      def call(method, request, key=None):
          metadata = [('authorization', 'Bearer ' + key)] if key else []
          rpc = channel.unary_unary('/inference.GRPCInferenceService/' + method)
          try:
              return fields(rpc(request, timeout=60, metadata=metadata))
          except grpc.RpcError as e:
              return 'status %s: %s' % (e.code().name, e.details())

      print('live', call('ServerLive', b'')[1])
      png = open(png_path, 'rb').read()
      image = (text(1, 'image_bytes') + text(2, 'BYTES') + field(3, varint(1))
               + field(5, field(8, png)))
      request = text(1, 'siamese-embedding') + text(3, 'py-1') + field(5, image)
      print('no key', call('ModelInfer', request))
      response = call('ModelInfer', request, key)
      output = fields(response[5][0])
      raw = response[6][0]
      floats = struct.unpack('<%df' % (len(raw) // 4), raw)
      print('infer', response[3][0].decode(), output[1][0].decode(), output[2][0].decode(),
            ' '.join(repr(f) for f in floats))
      print('unknown', call('ModelInfer', text(1, 'nope') + field(5, image), key))
      print('metadata', call('ModelMetadata', text(1, 'siamese-distance'), key)[3][0].decode())
      """;

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
                        "-c",
                        SCRIPT,
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
}
