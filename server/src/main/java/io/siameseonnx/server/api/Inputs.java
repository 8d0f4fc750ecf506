package io.siameseonnx.server.api;

import io.siameseonnx.server.inference.EmbeddingResult;
import io.siameseonnx.server.inference.EmbeddingService;
import io.siameseonnx.server.inference.ModelInfo;
import io.siameseonnx.shared.image.InvalidImageException;
import java.util.List;

/** Runs a request's images through the embedding service and keeps the client's error messages. */
final class Inputs {
  private Inputs() {}

  /** Embeds the images; an unusable image is a 400 naming it. */
  static EmbeddingResult embed(EmbeddingService service, List<ImageInput> images) {
    try {
      return service.embed(images);
    } catch (InvalidImageException e) {
      throw new ApiException(ErrorCode.INVALID_IMAGE, e.getMessage());
    }
  }

  /** The metric's wire name. */
  static String metric(ModelInfo model) {
    return model.metric().wireName();
  }
}
