package io.siameseonnx.server.http.v1;

import io.javalin.http.Context;
import io.siameseonnx.server.gallery.GalleryCreation;
import io.siameseonnx.server.gallery.GallerySettings;
import io.siameseonnx.server.http.RequestReader;
import io.siameseonnx.server.service.GalleryService;
import java.util.Optional;

/**
 * {@code /v1/galleries} and {@code /v1/galleries/{gallery}}: create (idempotent), list, describe
 * and delete galleries.
 */
public final class GalleriesHandler {
  /** The path parameter that names the gallery. */
  public static final String GALLERY = "gallery";

  private final RequestReader reader;
  private final GalleryService service;

  /** Creates the handler. */
  public GalleriesHandler(RequestReader reader, GalleryService service) {
    this.reader = reader;
    this.service = service;
  }

  /**
   * {@code PUT}: 201 with the new gallery, or 200 with the existing one of equal settings; the body
   * ({@code threshold}, {@code metadata}) may be left out.
   */
  public void put(Context ctx) {
    GalleryRequest request = new GalleryRequest(null, null);
    long length = ctx.req().getContentLengthLong();
    if (length > 0 || length < 0 && ctx.contentType() != null) {
      request = reader.read(ctx, GalleryRequest.class, GalleriesHandler::fromForm);
    }
    GallerySettings settings =
        new GallerySettings(
            Requests.threshold(request.threshold()), Optional.ofNullable(request.metadata()));
    GalleryCreation creation = service.create(ctx.pathParam(GALLERY), settings);
    ctx.status(creation.created() ? 201 : 200).json(GalleryResponse.of(creation.gallery()));
  }

  private static GalleryRequest fromForm(io.siameseonnx.server.http.MultipartForm form) {
    return new GalleryRequest(
        Requests.number(form.field("threshold").orElse(null), "threshold"),
        GalleryJsonFields.object(form.field("metadata"), "metadata"));
  }

  /** {@code GET /v1/galleries}. */
  public void list(Context ctx) {
    ctx.json(new GalleriesResponse(service.list().stream().map(GalleryResponse::of).toList()));
  }

  /** {@code GET}: size, subjects, model version, threshold and any re-embedding. */
  public void get(Context ctx) {
    ctx.json(GalleryResponse.of(service.describe(ctx.pathParam(GALLERY))));
  }

  /** {@code DELETE}: 204; the gallery and its files are gone. */
  public void delete(Context ctx) {
    service.delete(ctx.pathParam(GALLERY));
    ctx.status(204);
  }
}
