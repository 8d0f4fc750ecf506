package io.siameseonnx.server.http.v1;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siameseonnx.server.http.MultipartForm;
import io.siameseonnx.server.service.ImageInput;
import java.util.List;

/**
 * {@code POST /v1/galleries/{g}/subjects/{s}/examples}: images of one subject to enrol.
 *
 * @param images the images, as for {@code /v1/embeddings}
 * @param metadata the client's JSON object stored with each example (at most 4 KB), or null
 */
public record EnrolRequest(
    @JsonDeserialize(using = ImageListDeserializer.class) List<ImageInput> images,
    ObjectNode metadata) {

  /** The request from multipart parts {@code images} (repeated) and field {@code metadata}. */
  public static EnrolRequest fromForm(MultipartForm form) {
    return new EnrolRequest(
        form.images("images"), GalleryJsonFields.object(form.field("metadata"), "metadata"));
  }
}
