package io.siameseonnx.server.http.v1;

import io.javalin.http.Context;
import io.siameseonnx.server.http.ApiException;
import io.siameseonnx.server.http.RequestReader;
import io.siameseonnx.server.service.GalleryService;
import io.siameseonnx.server.service.ImageInput;
import java.util.List;
import java.util.OptionalDouble;

/**
 * {@code POST /v1/galleries/{gallery}/identify} (who is this? open set) and {@code .../verify} (is
 * this that subject?).
 */
public final class GallerySearchHandler {
  /** Subjects returned for each image when the request does not say. */
  public static final int DEFAULT_TOP_K = 5;

  private final RequestReader reader;
  private final GalleryService service;
  private final int maxImages;

  /** Creates the handler. */
  public GallerySearchHandler(RequestReader reader, GalleryService service, int maxImages) {
    this.reader = reader;
    this.service = service;
    this.maxImages = maxImages;
  }

  /** Identifies each image among the gallery's subjects. */
  public void identify(Context ctx) {
    String gallery = ctx.pathParam(GalleriesHandler.GALLERY);
    IdentifyRequest request = reader.read(ctx, IdentifyRequest.class, IdentifyRequest::fromForm);
    List<ImageInput> images = Requests.images(request.images(), "images", maxImages);
    Integer topK = request.topK();
    if (topK != null && (topK < 1 || topK > 1000)) {
      throw ApiException.invalid("\"top_k\" must be 1 to 1000, got " + topK);
    }
    OptionalDouble threshold = Requests.threshold(request.threshold());
    ctx.json(
        IdentifyResponse.of(
            gallery,
            service.identify(gallery, images, topK == null ? DEFAULT_TOP_K : topK, threshold)));
  }

  /** Compares the image with the subject's nearest example. */
  public void verify(Context ctx) {
    String gallery = ctx.pathParam(GalleriesHandler.GALLERY);
    VerifyRequest request = reader.read(ctx, VerifyRequest.class, VerifyRequest::fromForm);
    ImageInput image = Requests.image(request.image(), "image");
    if (request.subject() == null) {
      throw ApiException.invalid("\"subject\" is required");
    }
    ctx.json(
        service.verify(gallery, image, request.subject(), Requests.threshold(request.threshold())));
  }
}
