package io.siameseonnx.server.http.v1;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.siameseonnx.server.http.ApiException;
import io.siameseonnx.server.http.RequestReader;
import io.siameseonnx.server.matching.Match;
import io.siameseonnx.server.matching.Matching;
import io.siameseonnx.server.models.ModelInfo;
import io.siameseonnx.server.service.EmbeddingResult;
import io.siameseonnx.server.service.EmbeddingService;
import io.siameseonnx.server.service.ImageInput;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code POST /v1/distances}: many pairs in one request, or one query ranked against candidates
 * (1:N matching). All images of a request are embedded in one go, so they share batches.
 */
public final class DistancesHandler implements Handler {
  private final RequestReader reader;
  private final EmbeddingService service;
  private final int maxImages;

  /** Creates the handler. */
  public DistancesHandler(RequestReader reader, EmbeddingService service, int maxImages) {
    this.reader = reader;
    this.service = service;
    this.maxImages = maxImages;
  }

  @Override
  public void handle(Context ctx) {
    DistancesRequest request = reader.read(ctx, DistancesRequest.class, DistancesRequest::fromForm);
    boolean pairs = request.pairs() != null;
    boolean query = request.query() != null || request.candidates() != null;
    if (pairs == query) {
      throw ApiException.invalid("send either \"pairs\", or \"query\" with \"candidates\"");
    }
    Requests.checkThreshold(request.threshold());
    ctx.json(pairs ? pairs(request) : query(request));
  }

  private DistancesResponse pairs(DistancesRequest request) {
    List<PairInput> pairs = request.pairs();
    if (pairs.isEmpty()) {
      throw ApiException.invalid("\"pairs\" must hold at least one pair");
    }
    Requests.limit(2 * pairs.size(), maxImages);
    List<ImageInput> images = new ArrayList<>(2 * pairs.size());
    for (int i = 0; i < pairs.size(); i++) {
      PairInput pair = pairs.get(i);
      if (pair == null) {
        throw ApiException.invalid("pairs[" + i + "] is null");
      }
      images.add(Requests.image(pair.a(), "pairs[" + i + "].a"));
      images.add(Requests.image(pair.b(), "pairs[" + i + "].b"));
    }
    EmbeddingResult result = service.embed(images);
    float[][] all = result.embeddings();
    float[][] a = new float[pairs.size()][];
    float[][] b = new float[pairs.size()][];
    for (int i = 0; i < pairs.size(); i++) {
      a[i] = all[2 * i];
      b[i] = all[2 * i + 1];
    }
    ModelInfo model = result.model();
    double threshold = Requests.threshold(request.threshold(), model.threshold());
    return response(model, threshold, Matching.pairs(a, b, model.metric(), threshold));
  }

  private DistancesResponse query(DistancesRequest request) {
    ImageInput query = Requests.image(request.query(), "query");
    List<ImageInput> candidates = Requests.images(request.candidates(), "candidates", maxImages);
    Requests.limit(1 + candidates.size(), maxImages);
    Integer topK = request.topK();
    if (topK != null && topK < 1) {
      throw ApiException.invalid("\"top_k\" must be at least 1, got " + topK);
    }
    List<ImageInput> images = new ArrayList<>(1 + candidates.size());
    images.add(query);
    images.addAll(candidates);
    EmbeddingResult result = service.embed(images);
    float[][] all = result.embeddings();
    ModelInfo model = result.model();
    double threshold = Requests.threshold(request.threshold(), model.threshold());
    List<Match> ranked =
        Matching.rank(
            all[0],
            Arrays.copyOfRange(all, 1, all.length),
            model.metric(),
            threshold,
            topK == null ? candidates.size() : topK);
    return response(model, threshold, ranked);
  }

  private static DistancesResponse response(
      ModelInfo model, double threshold, List<Match> results) {
    return new DistancesResponse(
        model.name(), model.version(), model.metric().wireName(), threshold, results);
  }
}
