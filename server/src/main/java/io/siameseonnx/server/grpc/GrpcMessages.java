package io.siameseonnx.server.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.siameseonnx.server.errors.InvalidInputException;
import io.siameseonnx.server.errors.InvalidInputException.Kind;
import io.siameseonnx.server.grpc.proto.OpenInference.InferParameter;
import io.siameseonnx.server.grpc.proto.OpenInference.InferTensorContents;
import io.siameseonnx.server.grpc.proto.OpenInference.ModelInferRequest;
import io.siameseonnx.server.grpc.proto.OpenInference.ModelInferResponse;
import io.siameseonnx.server.grpc.proto.OpenInference.ModelMetadataResponse;
import io.siameseonnx.server.oip.InferRequest;
import io.siameseonnx.server.oip.InferResult;
import io.siameseonnx.server.oip.InferenceModel;
import io.siameseonnx.server.oip.InputTensor;
import io.siameseonnx.server.oip.ModelMetadata;
import io.siameseonnx.server.oip.OutputTensor;
import io.siameseonnx.server.oip.RequestedOutput;
import io.siameseonnx.server.oip.TensorData;
import io.siameseonnx.server.oip.TensorMetadata;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Translates between the generated gRPC messages and the protocol's wire-neutral requests and
 * responses. Input data is taken from {@code raw_input_contents} (without a copy) or from the typed
 * {@code contents}; outputs always go back as {@code raw_output_contents}, as Triton sends them.
 */
final class GrpcMessages {
  private GrpcMessages() {}

  /** The request in the protocol's terms, its data bounded by {@code limits}. */
  static InferRequest request(ModelInferRequest request, InferenceModel.Limits limits) {
    int raw = request.getRawInputContentsCount();
    if (raw > 0 && raw != request.getInputsCount()) {
      throw new InvalidInputException(
          Kind.VALUE,
          "raw_input_contents",
          "holds "
              + raw
              + " entries for "
              + request.getInputsCount()
              + " inputs; it needs one an input, in order");
    }
    List<InputTensor> inputs = new ArrayList<>(request.getInputsCount());
    long numbersLeft = limits.numbers();
    for (int i = 0; i < request.getInputsCount(); i++) {
      ModelInferRequest.InferInputTensor input = request.getInputs(i);
      TensorData data;
      if (raw > 0) {
        if (input.hasContents()) {
          throw new InvalidInputException(
              Kind.VALUE,
              input.getName(),
              "has contents while the request uses raw_input_contents; use one or the other");
        }
        data = new TensorData.Raw(request.getRawInputContents(i).asReadOnlyByteBuffer());
      } else {
        data = contents(input.getName(), input.getContents(), numbersLeft, limits.strings());
        if (data instanceof TensorData.Numbers numbers) {
          numbersLeft -= numbers.values().length;
        }
      }
      long[] shape = new long[input.getShapeCount()];
      for (int d = 0; d < shape.length; d++) {
        shape[d] = input.getShape(d);
      }
      inputs.add(
          new InputTensor(
              input.getName(),
              input.getDatatype(),
              shape,
              parameters(input.getParametersMap()),
              data));
    }
    List<RequestedOutput> outputs = new ArrayList<>(request.getOutputsCount());
    for (ModelInferRequest.InferRequestedOutputTensor output : request.getOutputsList()) {
      outputs.add(new RequestedOutput(output.getName(), parameters(output.getParametersMap())));
    }
    return new InferRequest(
        request.getId().isEmpty() ? Optional.empty() : Optional.of(request.getId()),
        parameters(request.getParametersMap()),
        inputs,
        outputs);
  }

  /** FP32 numbers or BYTES elements from the typed contents, refused beyond the limits. */
  private static TensorData contents(
      String input, InferTensorContents contents, long numbersLeft, long maxStrings) {
    if (contents.getBytesContentsCount() > 0) {
      if (contents.getBytesContentsCount() > maxStrings) {
        throw tooMany(input, contents.getBytesContentsCount(), maxStrings);
      }
      List<byte[]> blobs = new ArrayList<>(contents.getBytesContentsCount());
      for (ByteString bytes : contents.getBytesContentsList()) {
        blobs.add(bytes.toByteArray());
      }
      return new TensorData.Blobs(blobs);
    }
    int n = contents.getFp32ContentsCount();
    if (n > numbersLeft) {
      throw tooMany(input, n, numbersLeft);
    }
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = contents.getFp32Contents(i);
    }
    return new TensorData.Numbers(values, new int[] {n});
  }

  private static InvalidInputException tooMany(String input, long count, long limit) {
    return new InvalidInputException(
        Kind.VALUE, input, "holds " + count + " elements, more than a request may (" + limit + ")");
  }

  /** The response, with every output's data in {@code raw_output_contents}. */
  static ModelInferResponse response(InferResult result) {
    ModelInferResponse.Builder response =
        ModelInferResponse.newBuilder()
            .setModelName(result.modelName())
            .setModelVersion(result.modelVersion())
            .putAllParameters(toProto(result.parameters()));
    result.id().ifPresent(response::setId);
    for (OutputTensor output : result.outputs()) {
      response.addOutputs(
          ModelInferResponse.InferOutputTensor.newBuilder()
              .setName(output.name())
              .setDatatype(output.datatype())
              .addAllShape(output.shape()));
      // The array is not touched again: wrap it instead of copying it.
      response.addRawOutputContents(UnsafeByteOperations.unsafeWrap(output.toLittleEndian()));
    }
    return response.build();
  }

  /** The model's metadata as the spec's message. */
  static ModelMetadataResponse metadata(ModelMetadata metadata) {
    ModelMetadataResponse.Builder response =
        ModelMetadataResponse.newBuilder()
            .setName(metadata.name())
            .addAllVersions(metadata.versions())
            .setPlatform(metadata.platform());
    for (TensorMetadata input : metadata.inputs()) {
      response.addInputs(tensor(input));
    }
    for (TensorMetadata output : metadata.outputs()) {
      response.addOutputs(tensor(output));
    }
    return response.build();
  }

  private static ModelMetadataResponse.TensorMetadata tensor(TensorMetadata tensor) {
    return ModelMetadataResponse.TensorMetadata.newBuilder()
        .setName(tensor.name())
        .setDatatype(tensor.datatype())
        .addAllShape(tensor.shape())
        .build();
  }

  /** Parameters in the protocol's terms (an unsigned 64-bit value beyond a long: a BigInteger). */
  static Map<String, Object> parameters(Map<String, InferParameter> parameters) {
    if (parameters.isEmpty()) {
      return Map.of();
    }
    Map<String, Object> values = new LinkedHashMap<>();
    parameters.forEach(
        (name, p) -> {
          Object value =
              switch (p.getParameterChoiceCase()) {
                case BOOL_PARAM -> p.getBoolParam();
                case INT64_PARAM -> p.getInt64Param();
                case STRING_PARAM -> p.getStringParam();
                case DOUBLE_PARAM -> p.getDoubleParam();
                case UINT64_PARAM ->
                    p.getUint64Param() >= 0
                        ? (Object) p.getUint64Param()
                        : new BigInteger(Long.toUnsignedString(p.getUint64Param()));
                case PARAMETERCHOICE_NOT_SET -> null;
              };
          if (value != null) {
            values.put(name, value);
          }
        });
    return values;
  }

  /** Parameters as the spec's messages. */
  static Map<String, InferParameter> toProto(Map<String, Object> parameters) {
    Map<String, InferParameter> proto = new LinkedHashMap<>();
    parameters.forEach(
        (name, value) -> {
          InferParameter.Builder p = InferParameter.newBuilder();
          if (value instanceof Boolean b) {
            p.setBoolParam(b);
          } else if (value instanceof Long l) {
            p.setInt64Param(l);
          } else if (value instanceof Double d) {
            p.setDoubleParam(d);
          } else if (value instanceof BigInteger big) {
            p.setUint64Param(big.longValue());
          } else {
            p.setStringParam(String.valueOf(value));
          }
          proto.put(name, p.build());
        });
    return proto;
  }
}
