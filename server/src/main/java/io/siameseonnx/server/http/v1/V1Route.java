package io.siameseonnx.server.http.v1;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.siameseonnx.server.http.Answers;
import io.siameseonnx.server.http.DirectRoutes;
import io.siameseonnx.server.http.MultipartForm;
import io.siameseonnx.server.http.Pending;
import io.siameseonnx.server.http.RequestReader;
import java.util.function.Function;

/**
 * A v1 inference route over the one function that starts its work: as a Javalin handler (a JSON
 * body or a form) and as a {@link DirectRoutes} route (a JSON body at its exact path), answering
 * when the work is done either way.
 *
 * @param <R> the request it reads
 */
public final class V1Route<R> implements Handler {
  private final RequestReader reader;
  private final Answers answers;
  private final Class<R> type;
  private final Function<MultipartForm, R> fromForm;
  private final Function<R, Pending<?>> start;

  /** A route reading {@code type} (or {@code fromForm} a form) and handing it to {@code start}. */
  V1Route(
      RequestReader reader,
      Answers answers,
      Class<R> type,
      Function<MultipartForm, R> fromForm,
      Function<R, Pending<?>> start) {
    this.reader = reader;
    this.answers = answers;
    this.type = type;
    this.fromForm = fromForm;
    this.start = start;
  }

  @Override
  public void handle(Context ctx) {
    answers.whenDone(ctx, start.apply(reader.read(ctx, type, fromForm)));
  }

  /** The route as {@link DirectRoutes} serves it: JSON bodies at exactly {@code path}. */
  public DirectRoutes.Route direct(String path) {
    return DirectRoutes.json(path, request -> start.apply(reader.readJson(request.body(), type)));
  }
}
