package io.siameseonnx.server.oip;

import io.siameseonnx.server.errors.InvalidInputException;
import io.siameseonnx.server.errors.InvalidInputException.Kind;
import io.siameseonnx.server.models.ModelHost;
import io.siameseonnx.server.runtime.OnnxModel;
import io.siameseonnx.server.service.EmbeddingResult;
import io.siameseonnx.server.service.EmbeddingService;
import io.siameseonnx.server.service.EncodedImage;
import io.siameseonnx.server.service.ImageInput;
import io.siameseonnx.server.service.TensorImage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The embedding model: FP32 images {@code [N, C, H, W]} in its input (named by its card, {@code
 * image}), or encoded files in {@link #ENCODED_INPUT} (a BYTES tensor {@code [N]} of PNG, JPEG, BMP
 * or GIF files that the server decodes and preprocesses as the model card says); embeddings {@code
 * [N, D]} out. A request gives one of the two inputs.
 */
public final class EmbeddingModel extends InferenceModel {
  /** The BYTES input of encoded image files. */
  public static final String ENCODED_INPUT = "image_bytes";

  private final EmbeddingService service;

  /** The embedding model of {@code host}, run by {@code service}. */
  public EmbeddingModel(ModelHost host, EmbeddingService service, int maxImages) {
    super(host, maxImages);
    this.service = service;
  }

  @Override
  public ModelMetadata metadata() {
    OnnxModel onnx = served().onnx();
    return metadata(
        List.of(
            imageInput(onnx.inputName()),
            new TensorMetadata(ENCODED_INPUT, Tensors.BYTES, List.of(-1L))),
        List.of(
            new TensorMetadata(
                onnx.outputName(), Tensors.FP32, List.of(-1L, (long) onnx.outputSize()))));
  }

  @Override
  public InferResult infer(InferRequest request, OptionalLong version) {
    List<ImageInput> images = images(request);
    String output = served().onnx().outputName();
    return result(request, service.embed(images, version), output);
  }

  @Override
  public CompletableFuture<InferResult> inferAsync(
      InferRequest request, OptionalLong version, Executor runner) {
    List<ImageInput> images = images(request);
    String output = served().onnx().outputName();
    return service
        .embedAsync(images, version, runner)
        .thenApply(result -> result(request, result, output));
  }

  /** The request's images, from whichever of the two inputs it gives. */
  private List<ImageInput> images(InferRequest request) {
    OnnxModel onnx = served().onnx();
    String imageName = onnx.inputName();
    Set<String> known = new LinkedHashSet<>(List.of(imageName, ENCODED_INPUT));
    Map<String, InputTensor> inputs = Tensors.byName(request.inputs(), known, name());
    if (inputs.size() != 1) {
      throw new InvalidInputException(
          Kind.VALUE,
          "inputs",
          "give either '" + imageName + "' or '" + ENCODED_INPUT + "', not both");
    }
    requireOutputs(request.outputs(), onnx.outputName());
    List<ImageInput> images = new ArrayList<>();
    InputTensor tensor = inputs.get(imageName);
    if (tensor != null) {
      int[] chw = imageShape();
      List<float[]> values = Tensors.images(tensor, chw, maxImages);
      for (int i = 0; i < values.size(); i++) {
        images.add(
            new TensorImage(
                values.get(i), new int[] {values.get(i).length}, chw, imageName + "[" + i + "]"));
      }
    } else {
      List<byte[]> files = Tensors.files(inputs.get(ENCODED_INPUT), maxImages);
      for (int i = 0; i < files.size(); i++) {
        images.add(new EncodedImage(files.get(i), ENCODED_INPUT + "[" + i + "]"));
      }
    }
    return images;
  }

  private InferResult result(InferRequest request, EmbeddingResult result, String output) {
    float[][] embeddings = result.embeddings();
    int dimension = embeddings.length == 0 ? 0 : embeddings[0].length;
    return result(
        request,
        result.model().version(),
        new OutputTensor(
            output, Tensors.FP32, List.of((long) embeddings.length, (long) dimension), embeddings));
  }
}
