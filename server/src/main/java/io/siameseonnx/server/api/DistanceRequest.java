package io.siameseonnx.server.api;

/**
 * {@code POST /v1/distance}: one pair.
 *
 * @param a the first image
 * @param b the second image
 * @param threshold the decision threshold, or null for the model card's
 */
public record DistanceRequest(ImageInput a, ImageInput b, Double threshold) {
  /** The request from multipart parts {@code a} and {@code b} and field {@code threshold}. */
  public static DistanceRequest fromForm(MultipartForm form) {
    return new DistanceRequest(
        form.image("a"),
        form.image("b"),
        Requests.number(form.field("threshold").orElse(null), "threshold"));
  }
}
