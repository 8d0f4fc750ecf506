package io.siameseonnx.server.http.v1;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.siameseonnx.server.http.ApiException;
import io.siameseonnx.server.http.MultipartForm;
import io.siameseonnx.server.service.ImageInput;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /v1/distances}: either {@code pairs}, or a {@code query} against {@code candidates}.
 *
 * @param pairs pairs to judge, answered in order
 * @param query the image to match
 * @param candidates the images to rank by distance to the query
 * @param topK how many of the nearest candidates to return (default: all)
 * @param threshold the decision threshold, or null for the model card's
 */
public record DistancesRequest(
    @JsonDeserialize(using = ImageListDeserializer.class) List<PairInput> pairs,
    ImageInput query,
    @JsonDeserialize(using = ImageListDeserializer.class) List<ImageInput> candidates,
    Integer topK,
    Double threshold) {

  /**
   * The request from multipart parts: repeated {@code a} and {@code b} (paired in order), or {@code
   * query} and repeated {@code candidates}; fields {@code top_k} and {@code threshold}.
   */
  public static DistancesRequest fromForm(MultipartForm form) {
    List<ImageInput> as = form.images("a");
    List<ImageInput> bs = form.images("b");
    List<PairInput> pairs = null;
    if (!as.isEmpty() || !bs.isEmpty()) {
      if (as.size() != bs.size()) {
        throw ApiException.invalid(
            "multipart pairs need as many \"a\" parts as \"b\" parts, got "
                + as.size()
                + " and "
                + bs.size());
      }
      pairs = new ArrayList<>();
      for (int i = 0; i < as.size(); i++) {
        pairs.add(new PairInput(as.get(i), bs.get(i)));
      }
    }
    List<ImageInput> candidates = form.images("candidates");
    return new DistancesRequest(
        pairs,
        form.image("query"),
        candidates.isEmpty() ? null : candidates,
        Requests.integer(form.field("top_k").orElse(null), "top_k"),
        Requests.number(form.field("threshold").orElse(null), "threshold"));
  }
}
