package io.siameseonnx.server.http.v1;

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
 * by {@link DirectRoutes} too ({@link #route}); a form, only here.
 */
public final class DistanceHandler {
  private final V1Route<DistanceRequest> route;
  private final Answers answers;
  private final MatchingService service;

  /** Creates the handler. */
  public DistanceHandler(RequestReader reader, MatchingService service, Answers answers) {
    this.answers = answers;
    this.route =
        new V1Route<>(
            reader, answers, DistanceRequest.class, DistanceRequest::fromForm, this::start);
    this.service = service;
  }

  /** The route: its Javalin handler, and what {@link DirectRoutes} serves. */
  public V1Route<DistanceRequest> route() {
    return route;
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
