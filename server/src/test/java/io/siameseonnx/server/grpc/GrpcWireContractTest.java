package io.siameseonnx.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import io.siameseonnx.server.support.DirectOrt;
import io.siameseonnx.server.support.Grpc;
import io.siameseonnx.server.support.Images;
import io.siameseonnx.server.support.ServedPair;
import io.siameseonnx.server.support.V2Bodies;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The wire contract with clients generated from the spec's own {@code open_inference_grpc.proto}
 * (tritonclient's, KServe's): messages written and read here byte by byte with the spec's package,
 * service, method names and field numbers, not with our generated classes, so that a field
 * renumbered or renamed in our proto fails here even though our own stubs would still agree with
 * our server.
 */
class GrpcWireContractTest {
  private static final String SERVICE = "inference.GRPCInferenceService";

  @RegisterExtension static final ServedPair SERVED = new ServedPair(2);

  @Test
  void modelInferReadsAndWritesTheSpecsFieldNumbers() throws Exception {
    float[] a = Images.pixels(32, 32, 21);
    float[] b = Images.pixels(32, 32, 22);
    // ModelInferRequest: model_name 1, model_version 2, id 3, parameters 4 (map entry: key 1,
    // value 2; InferParameter.string_param 3), inputs 5 (InferInputTensor: name 1, datatype 2,
    // shape 3), outputs 6 (InferRequestedOutputTensor: name 1), raw_input_contents 7.
    byte[] request =
        new Message()
            .string(1, "siamese-embedding")
            .string(2, "2")
            .string(3, "wire-1")
            .message(4, new Message().string(1, "tenant").message(2, new Message().string(3, "t")))
            .message(5, new Message().string(1, "image").string(2, "FP32").packed(3, 2, 1, 32, 32))
            .message(6, new Message().string(1, "embedding"))
            .bytes(7, V2Bodies.littleEndian(a, b))
            .toBytes();
    Grpc.grpc(
        SERVED.server(),
        client -> {
          Map<Integer, List<Object>> response =
              fields(call(client.channel(), "ModelInfer", request));
          // ModelInferResponse: model_name 1, model_version 2, id 3, parameters 4, outputs 5
          // (InferOutputTensor: name 1, datatype 2, shape 3), raw_output_contents 6.
          assertThat(response).containsOnlyKeys(1, 2, 3, 4, 5, 6);
          assertThat(text(response, 1)).isEqualTo("siamese-embedding");
          assertThat(text(response, 2)).isEqualTo("2");
          assertThat(text(response, 3)).isEqualTo("wire-1");
          Map<Integer, List<Object>> parameter = fields(only(response, 4));
          assertThat(text(parameter, 1)).isEqualTo("tenant");
          assertThat(text(fields(only(parameter, 2)), 3)).isEqualTo("t");
          Map<Integer, List<Object>> output = fields(only(response, 5));
          assertThat(text(output, 1)).isEqualTo("embedding");
          assertThat(text(output, 2)).isEqualTo("FP32");
          assertThat(longs(output, 3)).containsExactly(2L, 8L);
          float[] embeddings = floats(only(response, 6));
          assertThat(Arrays.copyOfRange(embeddings, 0, 8))
              .containsExactly(DirectOrt.embed(SERVED.embeddingModel(), a));
          assertThat(Arrays.copyOfRange(embeddings, 8, 16))
              .containsExactly(DirectOrt.embed(SERVED.embeddingModel(), b));
        });
  }

  @Test
  void typedContentsUseTheSpecsFieldNumbers() throws Exception {
    byte[] png = Images.png(32, 32, 23);
    float[] image = Images.pixels(32, 32, 24);
    // InferInputTensor.contents 5; InferTensorContents: fp32_contents 6 (packed floats),
    // bytes_contents 8.
    Message fp32 = new Message();
    fp32.packedFloats(6, image);
    byte[] typedFloats =
        new Message()
            .string(1, "siamese-embedding")
            .message(
                5,
                new Message()
                    .string(1, "image")
                    .string(2, "FP32")
                    .packed(3, 1, 1, 32, 32)
                    .message(5, fp32))
            .toBytes();
    byte[] typedFile =
        new Message()
            .string(1, "siamese-embedding")
            .message(
                5,
                new Message()
                    .string(1, "image_bytes")
                    .string(2, "BYTES")
                    .packed(3, 1)
                    .message(5, new Message().bytes(8, png)))
            .toBytes();
    float[] fromFile =
        DirectOrt.embed(
            SERVED.embeddingModel(),
            SERVED.server().slot().peek().orElseThrow().preprocessor().fromBytes(png));
    Grpc.grpc(
        SERVED.server(),
        client -> {
          assertThat(floats(only(fields(call(client.channel(), "ModelInfer", typedFloats)), 6)))
              .containsExactly(DirectOrt.embed(SERVED.embeddingModel(), image));
          assertThat(floats(only(fields(call(client.channel(), "ModelInfer", typedFile)), 6)))
              .containsExactly(fromFile);
        });
  }

  @Test
  void healthAndMetadataUseTheSpecsFieldNumbers() throws Exception {
    Grpc.grpc(
        SERVED.server(),
        client -> {
          Channel channel = client.channel();
          // ServerLiveResponse.live 1, ServerReadyResponse.ready 1, ModelReadyResponse.ready 1.
          assertThat(fields(call(channel, "ServerLive", new byte[0])))
              .containsEntry(1, List.of(1L));
          assertThat(fields(call(channel, "ServerReady", new byte[0])))
              .containsEntry(1, List.of(1L));
          byte[] ready = new Message().string(1, "siamese-distance").string(2, "2").toBytes();
          assertThat(fields(call(channel, "ModelReady", ready))).containsEntry(1, List.of(1L));

          // ServerMetadataResponse: name 1, version 2, extensions 3.
          Map<Integer, List<Object>> serverMetadata =
              fields(call(channel, "ServerMetadata", new byte[0]));
          assertThat(text(serverMetadata, 1)).isEqualTo("siamese-onnx");
          assertThat(text(serverMetadata, 2)).isNotEmpty();
          assertThat(serverMetadata.get(3))
              .extracting(v -> new String((byte[]) v, StandardCharsets.UTF_8))
              .contains("binary_tensor_data");

          // ModelMetadataRequest: name 1, version 2. ModelMetadataResponse: name 1, versions 2,
          // platform 3, inputs 4, outputs 5 (TensorMetadata: name 1, datatype 2, shape 3).
          byte[] metadata = new Message().string(1, "siamese-distance").string(2, "2").toBytes();
          Map<Integer, List<Object>> distance = fields(call(channel, "ModelMetadata", metadata));
          assertThat(text(distance, 1)).isEqualTo("siamese-distance");
          assertThat(text(distance, 2)).isEqualTo("2");
          assertThat(text(distance, 3)).isEqualTo("onnx_onnxv1");
          List<String> inputs = new ArrayList<>();
          for (Object input : distance.get(4)) {
            Map<Integer, List<Object>> tensor = fields((byte[]) input);
            inputs.add(text(tensor, 1) + " " + text(tensor, 2) + " " + longs(tensor, 3));
          }
          assertThat(inputs)
              .containsExactly("image_a FP32 [-1, 1, 32, 32]", "image_b FP32 [-1, 1, 32, 32]");
          Map<Integer, List<Object>> output = fields(only(distance, 5));
          assertThat(text(output, 1) + " " + text(output, 2) + " " + longs(output, 3))
              .isEqualTo("distance FP32 [-1]");
        });
  }

  /** Calls {@code inference.GRPCInferenceService/method} with a message's bytes. */
  private static byte[] call(Channel channel, String method, byte[] request) {
    MethodDescriptor<byte[], byte[]> descriptor =
        MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, method))
            .setRequestMarshaller(RawBytes.INSTANCE)
            .setResponseMarshaller(RawBytes.INSTANCE)
            .build();
    return ClientCalls.blockingUnaryCall(
        channel, descriptor, CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS), request);
  }

  /** A message's bytes as they are. */
  private enum RawBytes implements MethodDescriptor.Marshaller<byte[]> {
    INSTANCE;

    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** A protobuf message written field by field. */
  private static final class Message {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

    Message string(int field, String value) {
      return write(() -> out.writeString(field, value));
    }

    Message bytes(int field, byte[] value) {
      return write(() -> out.writeByteArray(field, value));
    }

    Message message(int field, Message value) {
      return bytes(field, value.toBytes());
    }

    /** A packed repeated int64, as proto3 writes one. */
    Message packed(int field, long... values) {
      Message packed = new Message();
      for (long v : values) {
        packed.write(() -> packed.out.writeInt64NoTag(v));
      }
      return message(field, packed);
    }

    /** A packed repeated float. */
    Message packedFloats(int field, float[] values) {
      Message packed = new Message();
      for (float v : values) {
        packed.write(() -> packed.out.writeFloatNoTag(v));
      }
      return message(field, packed);
    }

    byte[] toBytes() {
      write(out::flush);
      return bytes.toByteArray();
    }

    private Message write(Write write) {
      try {
        write.run();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    @FunctionalInterface
    private interface Write {
      void run() throws IOException;
    }
  }

  /** A message's fields by number: varints as Long, length-delimited values as byte[]. */
  private static Map<Integer, List<Object>> fields(byte[] message) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(message);
    Map<Integer, List<Object>> fields = new TreeMap<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      Object value =
          switch (WireFormat.getTagWireType(tag)) {
            case WireFormat.WIRETYPE_VARINT -> in.readInt64();
            case WireFormat.WIRETYPE_LENGTH_DELIMITED -> in.readByteArray();
            case WireFormat.WIRETYPE_FIXED32 -> (long) in.readRawLittleEndian32();
            case WireFormat.WIRETYPE_FIXED64 -> in.readRawLittleEndian64();
            default -> throw new AssertionError("unexpected wire type in tag " + tag);
          };
      fields.computeIfAbsent(WireFormat.getTagFieldNumber(tag), k -> new ArrayList<>()).add(value);
    }
    return fields;
  }

  private static byte[] only(Map<Integer, List<Object>> fields, int field) {
    assertThat(fields.get(field)).as("field %d", field).hasSize(1);
    return (byte[]) fields.get(field).get(0);
  }

  private static String text(Map<Integer, List<Object>> fields, int field) {
    return new String(only(fields, field), StandardCharsets.UTF_8);
  }

  /** A repeated int64, packed (as proto3 writes it) or not. */
  private static List<Long> longs(Map<Integer, List<Object>> fields, int field) throws IOException {
    List<Long> values = new ArrayList<>();
    for (Object value : fields.getOrDefault(field, List.of())) {
      if (value instanceof byte[] packed) {
        CodedInputStream in = CodedInputStream.newInstance(packed);
        while (!in.isAtEnd()) {
          values.add(in.readInt64());
        }
      } else {
        values.add((Long) value);
      }
    }
    return values;
  }

  private static float[] floats(byte[] raw) {
    float[] values = new float[raw.length / Float.BYTES];
    ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    return values;
  }
}
