package io.siameseonnx.server.http.v1;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.siameseonnx.server.http.MultipartForm;
import io.siameseonnx.server.service.ImageInput;
import java.util.List;

/**
 * {@code POST /v1/galleries/{g}/identify}: who is each image?
 *
 * @param images the images to identify, as for {@code /v1/embeddings}
 * @param topK how many subjects to return for each (default 5)
 * @param threshold the decision threshold, or null for the gallery's (else the model card's)
 */
public record IdentifyRequest(
    @JsonDeserialize(using = ImageListDeserializer.class) List<ImageInput> images,
    Integer topK,
    Double threshold) {

  /** The request from multipart parts {@code images} (repeated), fields top_k and threshold. */
  public static IdentifyRequest fromForm(MultipartForm form) {
    return new IdentifyRequest(
        form.images("images"),
        Requests.integer(form.field("top_k").orElse(null), "top_k"),
        Requests.number(form.field("threshold").orElse(null), "threshold"));
  }
}
