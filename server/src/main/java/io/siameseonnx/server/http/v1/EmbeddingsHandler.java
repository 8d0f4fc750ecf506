package io.siameseonnx.server.http.v1;

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
 * {@link DirectRoutes} too ({@link #route}); a form, only here.
 */
public final class EmbeddingsHandler {
  private final V1Route<EmbeddingsRequest> route;
  private final Answers answers;
  private final EmbeddingService service;
  private final int maxImages;

  /** Creates the handler. */
  public EmbeddingsHandler(
      RequestReader reader, EmbeddingService service, int maxImages, Answers answers) {
    this.answers = answers;
    this.route =
        new V1Route<>(
            reader, answers, EmbeddingsRequest.class, EmbeddingsRequest::fromForm, this::start);
    this.service = service;
    this.maxImages = maxImages;
  }

  /** The route: its Javalin handler, and what {@link DirectRoutes} serves. */
  public V1Route<EmbeddingsRequest> route() {
    return route;
  }

  private Pending<EmbeddingResult> start(EmbeddingsRequest request) {
    List<ImageInput> images = Requests.images(request.images(), "images", maxImages);
    EmbeddingsRequest.Encoding encoding = request.parsedEncoding();
    return new Pending<>(
        service.embedAsync(images, OptionalLong.empty(), Answers.REQUEST_THREAD),
        result -> Reply.json(answers.jsonBytes(EmbeddingsResponse.of(result, encoding))));
  }
}
