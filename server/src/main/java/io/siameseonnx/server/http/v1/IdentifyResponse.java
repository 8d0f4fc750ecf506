package io.siameseonnx.server.http.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.siameseonnx.server.gallery.Identification;
import io.siameseonnx.server.gallery.SubjectMatch;
import java.util.List;

/**
 * {@code POST /v1/galleries/{g}/identify}: for each image, the nearest subjects and who it is.
 *
 * @param gallery the gallery searched
 * @param threshold the threshold applied
 * @param results one result an image, in request order
 */
public record IdentifyResponse(String gallery, double threshold, List<Result> results) {

  /**
   * One image's answer (open set).
   *
   * @param matches the nearest subjects, each once at its nearest example, nearest first
   * @param identified the nearest subject when it is below the threshold, else null ("none of
   *     them")
   */
  public record Result(
      List<SubjectMatch> matches, @JsonInclude(JsonInclude.Include.ALWAYS) String identified) {}

  /** The response for the identifications of a request's images. */
  public static IdentifyResponse of(String gallery, List<Identification> identifications) {
    return new IdentifyResponse(
        gallery,
        identifications.get(0).threshold(),
        identifications.stream()
            .map(i -> new Result(i.matches(), i.identified().orElse(null)))
            .toList());
  }
}
