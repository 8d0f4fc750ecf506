package io.siameseonnx.server.http.v1;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.siameseonnx.server.http.Answers;
import io.siameseonnx.server.http.DirectRoutes;
import io.siameseonnx.server.http.Pending;
import io.siameseonnx.server.http.Reply;
import io.siameseonnx.server.http.RequestReader;
import io.siameseonnx.server.service.EmbeddingResult;
import io.siameseonnx.server.service.EmbeddingService;
import io.siameseonnx.server.service.ImageInput;
import java.util.List;
import java.util.OptionalLong;

/**
 * {@code POST /v1/embeddings}: embeds images, split across batches when there are many, and answers
 * when the batches are done without holding the request thread meanwhile. A JSON body is served by
 * {@link DirectRoutes} too ({@link #direct}); a form, only here.
 */
public final class EmbeddingsHandler implements Handler {
  private final RequestReader reader;
  private final Answers answers;
  private final EmbeddingService service;
  private final int maxImages;

  /** Creates the handler. */
  public EmbeddingsHandler(
      RequestReader reader, EmbeddingService service, int maxImages, Answers answers) {
    this.answers = answers;
    this.reader = reader;
    this.service = service;
    this.maxImages = maxImages;
  }

  @Override
  public void handle(Context ctx) {
    answers.whenDone(
        ctx, start(reader.read(ctx, EmbeddingsRequest.class, EmbeddingsRequest::fromForm)));
  }

  /** The route as {@link DirectRoutes} serves it: JSON bodies at exactly its path. */
  public DirectRoutes.Route direct(String path) {
    return DirectRoutes.json(
        path, request -> start(reader.readJson(request.body(), EmbeddingsRequest.class)));
  }

  private Pending<EmbeddingResult> start(EmbeddingsRequest request) {
    List<ImageInput> images = Requests.images(request.images(), "images", maxImages);
    EmbeddingsRequest.Encoding encoding = request.parsedEncoding();
    return new Pending<>(
        service.embedAsync(images, OptionalLong.empty(), Answers.REQUEST_THREAD),
        result -> Reply.json(answers.jsonBytes(EmbeddingsResponse.of(result, encoding))));
  }
}
