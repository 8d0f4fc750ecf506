package io.siameseonnx.server.http.v1;

import io.siameseonnx.server.http.MultipartForm;
import io.siameseonnx.server.service.ImageInput;

/**
 * {@code POST /v1/galleries/{g}/verify}: is this image that subject?
 *
 * @param image the image, as for {@code /v1/embeddings}
 * @param subject the enrolled subject to compare it with
 * @param threshold the decision threshold, or null for the gallery's (else the model card's)
 */
public record VerifyRequest(ImageInput image, String subject, Double threshold) {

  /** The request from multipart part {@code image} and fields subject and threshold. */
  public static VerifyRequest fromForm(MultipartForm form) {
    return new VerifyRequest(
        form.image("image"),
        form.field("subject").orElse(null),
        Requests.number(form.field("threshold").orElse(null), "threshold"));
  }
}
