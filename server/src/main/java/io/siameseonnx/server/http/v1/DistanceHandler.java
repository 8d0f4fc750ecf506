package io.siameseonnx.server.http.v1;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.siameseonnx.server.http.RequestReader;
import io.siameseonnx.server.matching.Match;
import io.siameseonnx.server.matching.Matching;
import io.siameseonnx.server.models.ModelInfo;
import io.siameseonnx.server.service.EmbeddingResult;
import io.siameseonnx.server.service.EmbeddingService;
import io.siameseonnx.server.service.ImageInput;
import java.util.List;

/** {@code POST /v1/distance}: the distance between two images and the verdict. */
public final class DistanceHandler implements Handler {
  private final RequestReader reader;
  private final EmbeddingService service;

  /** Creates the handler. */
  public DistanceHandler(RequestReader reader, EmbeddingService service) {
    this.reader = reader;
    this.service = service;
  }

  @Override
  public void handle(Context ctx) {
    DistanceRequest request = reader.read(ctx, DistanceRequest.class, DistanceRequest::fromForm);
    ImageInput a = Requests.image(request.a(), "a");
    ImageInput b = Requests.image(request.b(), "b");
    Requests.checkThreshold(request.threshold());
    EmbeddingResult result = service.embed(List.of(a, b));
    ModelInfo model = result.model();
    double threshold = Requests.threshold(request.threshold(), model.threshold());
    Match match =
        Matching.pair(0, result.embeddings()[0], result.embeddings()[1], model.metric(), threshold);
    ctx.json(
        new DistanceResponse(
            model.name(),
            model.version(),
            model.metric().wireName(),
            match.distance(),
            match.similar(),
            threshold));
  }
}
