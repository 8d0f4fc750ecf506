package io.siameseonnx.server.http.v1;

import io.javalin.http.Context;
import io.siameseonnx.server.gallery.SubjectPage;
import io.siameseonnx.server.http.ApiException;
import io.siameseonnx.server.http.RequestReader;
import io.siameseonnx.server.service.GalleryService;
import io.siameseonnx.server.service.ImageInput;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A gallery's subjects and examples: enrol, list (paged with a cursor), show and delete a subject,
 * delete an example.
 */
public final class SubjectsHandler {
  /** The path parameter that names the subject. */
  public static final String SUBJECT = "subject";

  /** The path parameter that names the example. */
  public static final String EXAMPLE = "example";

  /** Subjects on a page when the request does not say. */
  public static final int DEFAULT_PAGE_SIZE = 100;

  private final RequestReader reader;
  private final GalleryService service;
  private final int maxImages;

  /** Creates the handler. */
  public SubjectsHandler(RequestReader reader, GalleryService service, int maxImages) {
    this.reader = reader;
    this.service = service;
    this.maxImages = maxImages;
  }

  /** {@code POST .../subjects/{subject}/examples}: 201 once the examples are durable. */
  public void enrol(Context ctx) {
    String gallery = ctx.pathParam(GalleriesHandler.GALLERY);
    String subject = ctx.pathParam(SUBJECT);
    EnrolRequest request = reader.read(ctx, EnrolRequest.class, EnrolRequest::fromForm);
    List<ImageInput> images = Requests.images(request.images(), "images", maxImages);
    List<String> ids =
        service.enrol(gallery, subject, images, Optional.ofNullable(request.metadata()));
    ctx.status(201).json(new EnrolResponse(subject, ids));
  }

  /** {@code GET .../subjects?limit=&cursor=}: a page of subjects. */
  public void list(Context ctx) {
    Integer limit = Requests.integer(ctx.queryParam("limit"), "limit");
    if (limit != null && (limit < 1 || limit > 1000)) {
      throw ApiException.invalid("\"limit\" must be 1 to 1000, got " + limit);
    }
    SubjectPage page =
        service.subjects(
            ctx.pathParam(GalleriesHandler.GALLERY),
            Optional.ofNullable(ctx.queryParam("cursor")),
            limit == null ? DEFAULT_PAGE_SIZE : limit);
    ctx.json(new SubjectsResponse(page.subjects(), page.nextCursor().orElse(null)));
  }

  /** {@code GET .../subjects/{subject}}: its examples, without tensors. */
  public void get(Context ctx) {
    String subject = ctx.pathParam(SUBJECT);
    ctx.json(
        SubjectResponse.of(
            subject, service.examples(ctx.pathParam(GalleriesHandler.GALLERY), subject)));
  }

  /** {@code DELETE .../subjects/{subject}}: every example of the subject. */
  public void delete(Context ctx) {
    String subject = ctx.pathParam(SUBJECT);
    int deleted = service.deleteSubject(ctx.pathParam(GalleriesHandler.GALLERY), subject);
    ctx.json(Map.of("subject", subject, "deleted_examples", deleted));
  }

  /** {@code DELETE .../examples/{example}}: 204. */
  public void deleteExample(Context ctx) {
    service.deleteExample(ctx.pathParam(GalleriesHandler.GALLERY), ctx.pathParam(EXAMPLE));
    ctx.status(204);
  }
}
