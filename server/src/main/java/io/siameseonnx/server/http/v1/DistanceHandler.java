package io.siameseonnx.server.http.v1;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.siameseonnx.server.http.Answers;
import io.siameseonnx.server.http.DirectRoutes;
import io.siameseonnx.server.http.Pending;
import io.siameseonnx.server.http.Reply;
import io.siameseonnx.server.http.RequestReader;
import io.siameseonnx.server.matching.Match;
import io.siameseonnx.server.models.ModelInfo;
import io.siameseonnx.server.service.Comparison;
import io.siameseonnx.server.service.ImageInput;
import io.siameseonnx.server.service.MatchingService;

/**
 * {@code POST /v1/distance}: the distance between two images and the verdict. A JSON body is served
 * by {@link DirectRoutes} too ({@link #direct}); a form, only here.
 */
public final class DistanceHandler implements Handler {
  private final RequestReader reader;
  private final Answers answers;
  private final MatchingService service;

  /** Creates the handler. */
  public DistanceHandler(RequestReader reader, MatchingService service, Answers answers) {
    this.answers = answers;
    this.reader = reader;
    this.service = service;
  }

  @Override
  public void handle(Context ctx) {
    answers.whenDone(
        ctx, start(reader.read(ctx, DistanceRequest.class, DistanceRequest::fromForm)));
  }

  /** The route as {@link DirectRoutes} serves it: JSON bodies at exactly its path. */
  public DirectRoutes.Route direct(String path) {
    return DirectRoutes.json(
        path, request -> start(reader.readJson(request.body(), DistanceRequest.class)));
  }

  private Pending<Comparison> start(DistanceRequest request) {
    ImageInput a = Requests.image(request.a(), "a");
    ImageInput b = Requests.image(request.b(), "b");
    return new Pending<>(
        service.verify(a, b, Requests.threshold(request.threshold()), Answers.REQUEST_THREAD),
        result -> Reply.json(answers.jsonBytes(response(result))));
  }

  private static DistanceResponse response(Comparison result) {
    ModelInfo model = result.model();
    Match match = result.matches().get(0);
    return new DistanceResponse(
        model.name(),
        model.version(),
        model.metric().wireName(),
        match.distance(),
        match.similar(),
        result.threshold());
  }
}
