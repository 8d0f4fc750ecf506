package io.siameseonnx.server.oip;

import io.siameseonnx.server.errors.InvalidInputException;
import io.siameseonnx.server.errors.InvalidInputException.Kind;
import io.siameseonnx.server.models.ModelHost;
import io.siameseonnx.server.runtime.OnnxModel;
import io.siameseonnx.server.service.DistanceResult;
import io.siameseonnx.server.service.DistanceService;
import io.siameseonnx.server.service.MatchingService.ImagePair;
import io.siameseonnx.server.service.TensorImage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The distance model: two FP32 image inputs {@code [N, C, H, W]} (named by its card, {@code
 * image_a} and {@code image_b}), the distance of each pair {@code [N]} out.
 */
public final class DistanceModel extends InferenceModel {
  private final DistanceService service;

  /** The distance model of {@code host}, run by {@code service}. */
  public DistanceModel(ModelHost host, DistanceService service, int maxImages) {
    super(host, maxImages);
    this.service = service;
  }

  @Override
  public ModelMetadata metadata() {
    OnnxModel onnx = served().onnx();
    List<TensorMetadata> inputs = new ArrayList<>();
    for (String input : onnx.inputNames()) {
      inputs.add(imageInput(input));
    }
    return metadata(
        inputs, List.of(new TensorMetadata(onnx.outputName(), Tensors.FP32, List.of(-1L))));
  }

  @Override
  public InferResult infer(InferRequest request, OptionalLong version) {
    List<ImagePair> pairs = pairs(request);
    String output = served().onnx().outputName();
    return result(request, service.distances(pairs, version), output);
  }

  @Override
  public CompletableFuture<InferResult> inferAsync(
      InferRequest request, OptionalLong version, Executor runner) {
    List<ImagePair> pairs = pairs(request);
    String output = served().onnx().outputName();
    return service
        .distancesAsync(pairs, version, runner)
        .thenApply(result -> result(request, result, output));
  }

  /** The request's pairs: image i of the first input against image i of the second. */
  private List<ImagePair> pairs(InferRequest request) {
    OnnxModel onnx = served().onnx();
    List<String> names = onnx.inputNames();
    Map<String, InputTensor> inputs =
        Tensors.byName(request.inputs(), new LinkedHashSet<>(names), name());
    for (String input : names) {
      if (!inputs.containsKey(input)) {
        throw new InvalidInputException(
            Kind.VALUE, "inputs", "input '" + input + "' is required; the model takes " + names);
      }
    }
    requireOutputs(request.outputs(), onnx.outputName());
    int[] chw = imageShape();
    // Each pair is two images: the request's limit on images allows half as many pairs.
    int maxPairs = Math.max(1, maxImages / 2);
    List<float[]> a = Tensors.images(inputs.get(names.get(0)), chw, maxPairs);
    List<float[]> b = Tensors.images(inputs.get(names.get(1)), chw, maxPairs);
    if (a.size() != b.size()) {
      throw new InvalidInputException(
          Kind.TENSOR,
          names.get(1),
          "holds " + b.size() + " images but " + names.get(0) + " holds " + a.size());
    }
    List<ImagePair> pairs = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      pairs.add(
          new ImagePair(
              image(a.get(i), chw, names.get(0), i), image(b.get(i), chw, names.get(1), i)));
    }
    return pairs;
  }

  private InferResult result(InferRequest request, DistanceResult result, String output) {
    float[] distances = result.distances();
    return result(
        request,
        result.model().version(),
        new OutputTensor(
            output, Tensors.FP32, List.of((long) distances.length), new float[][] {distances}));
  }

  private static TensorImage image(float[] values, int[] chw, String input, int index) {
    return new TensorImage(values, new int[] {values.length}, chw, input + "[" + index + "]");
  }
}
