package io.siameseonnx.server.http.v1;

import io.siameseonnx.server.http.Answers;
import io.siameseonnx.server.http.ApiException;
import io.siameseonnx.server.http.DirectRoutes;
import io.siameseonnx.server.http.Pending;
import io.siameseonnx.server.http.Reply;
import io.siameseonnx.server.http.RequestReader;
import io.siameseonnx.server.models.ModelInfo;
import io.siameseonnx.server.service.Comparison;
import io.siameseonnx.server.service.ImageInput;
import io.siameseonnx.server.service.MatchingService;
import io.siameseonnx.server.service.MatchingService.ImagePair;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /v1/distances}: many pairs in one request, or one query ranked against candidates
 * (1:N matching). A JSON body is served by {@link DirectRoutes} too ({@link #route}); a form, only
 * here.
 */
public final class DistancesHandler {
  private final V1Route<DistancesRequest> route;
  private final Answers answers;
  private final MatchingService service;
  private final int maxImages;

  /** Creates the handler. */
  public DistancesHandler(
      RequestReader reader, MatchingService service, int maxImages, Answers answers) {
    this.answers = answers;
    this.route =
        new V1Route<>(
            reader, answers, DistancesRequest.class, DistancesRequest::fromForm, this::start);
    this.service = service;
    this.maxImages = maxImages;
  }

  /** The route: its Javalin handler, and what {@link DirectRoutes} serves. */
  public V1Route<DistancesRequest> route() {
    return route;
  }

  private Pending<Comparison> start(DistancesRequest request) {
    boolean pairs = request.pairs() != null;
    boolean query = request.query() != null || request.candidates() != null;
    if (pairs == query) {
      throw ApiException.invalid("send either \"pairs\", or \"query\" with \"candidates\"");
    }
    OptionalDouble threshold = Requests.threshold(request.threshold());
    return new Pending<>(
        pairs ? pairs(request, threshold) : query(request, threshold),
        result -> Reply.json(answers.jsonBytes(response(result))));
  }

  private static DistancesResponse response(Comparison result) {
    ModelInfo model = result.model();
    return new DistancesResponse(
        model.name(),
        model.version(),
        model.metric().wireName(),
        result.threshold(),
        result.matches());
  }

  private CompletableFuture<Comparison> pairs(DistancesRequest request, OptionalDouble threshold) {
    List<PairInput> pairs = request.pairs();
    if (pairs.isEmpty()) {
      throw ApiException.invalid("\"pairs\" must hold at least one pair");
    }
    Requests.limit(2 * pairs.size(), maxImages);
    List<ImagePair> images = new ArrayList<>(pairs.size());
    for (int i = 0; i < pairs.size(); i++) {
      PairInput pair = pairs.get(i);
      if (pair == null) {
        throw ApiException.invalid("pairs[" + i + "] is null");
      }
      images.add(
          new ImagePair(
              Requests.image(pair.a(), "pairs[" + i + "].a"),
              Requests.image(pair.b(), "pairs[" + i + "].b")));
    }
    return service.pairs(images, threshold, Answers.REQUEST_THREAD);
  }

  private CompletableFuture<Comparison> query(DistancesRequest request, OptionalDouble threshold) {
    ImageInput query = Requests.image(request.query(), "query");
    List<ImageInput> candidates = Requests.images(request.candidates(), "candidates", maxImages);
    Requests.limit(1 + candidates.size(), maxImages);
    Integer topK = request.topK();
    if (topK != null && topK < 1) {
      throw ApiException.invalid("\"top_k\" must be at least 1, got " + topK);
    }
    return service.rank(
        query,
        candidates,
        topK == null ? candidates.size() : topK,
        threshold,
        Answers.REQUEST_THREAD);
  }
}
