package io.siameseonnx.server.http;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * An inference request once it is read and queued: its result, still running or done, and how the
 * result becomes the answer (run on the thread that writes it: a batcher thread only where the
 * write cannot block, as {@link DirectRoutes} writes a large request's answer).
 *
 * @param result the batches' result
 * @param reply the answer to a result
 * @param <T> the result's type
 */
public record Pending<T>(CompletableFuture<T> result, Function<? super T, Reply> reply) {}
