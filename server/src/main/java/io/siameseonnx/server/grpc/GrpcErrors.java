package io.siameseonnx.server.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.siameseonnx.server.errors.InferenceException;
import io.siameseonnx.server.errors.InvalidInputException;
import io.siameseonnx.server.errors.ModelNotFoundException;
import io.siameseonnx.server.errors.NotReadyException;
import io.siameseonnx.server.errors.OverloadedException;
import io.siameseonnx.server.http.ErrorHandling;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into a gRPC status, in one place, as {@link ErrorHandling} does for HTTP: bad
 * input is {@code INVALID_ARGUMENT}, an unknown model or version {@code NOT_FOUND}, a full queue
 * {@code RESOURCE_EXHAUSTED} and not ready (or stopping) {@code UNAVAILABLE}, both with retry
 * advice (a {@code google.rpc.RetryInfo} detail and a {@code retry-after} trailer, in seconds);
 * inference failures and anything unexpected are {@code INTERNAL} without details.
 */
final class GrpcErrors {
  private static final Logger LOG = LoggerFactory.getLogger(GrpcErrors.class);

  /** The trailer that carries the seconds to wait before retrying, as HTTP's Retry-After. */
  static final Metadata.Key<String> RETRY_AFTER =
      Metadata.Key.of("retry-after", Metadata.ASCII_STRING_MARSHALLER);

  private GrpcErrors() {}

  /** The status for {@code e}, raised by {@code method}. */
  static StatusRuntimeException of(Throwable e, String method) {
    if (e instanceof InvalidInputException) {
      return status(Code.INVALID_ARGUMENT, e.getMessage(), false);
    }
    if (e instanceof ModelNotFoundException) {
      return status(Code.NOT_FOUND, e.getMessage(), false);
    }
    if (e instanceof OverloadedException overloaded) {
      return status(
          overloaded.shuttingDown() ? Code.UNAVAILABLE : Code.RESOURCE_EXHAUSTED,
          e.getMessage(),
          true);
    }
    if (e instanceof NotReadyException) {
      return status(Code.UNAVAILABLE, e.getMessage(), true);
    }
    if (e instanceof InferenceException) {
      // Already logged with its stack trace where it happened.
      return status(Code.INTERNAL, "inference failed; see the server log", false);
    }
    if (e instanceof StatusRuntimeException status) {
      return status;
    }
    LOG.error("Unexpected error in {}", method, e);
    return status(Code.INTERNAL, "internal error; see the server log", false);
  }

  private static StatusRuntimeException status(Code code, String message, boolean retry) {
    com.google.rpc.Status.Builder status =
        com.google.rpc.Status.newBuilder().setCode(code.getNumber()).setMessage(message);
    Metadata trailers = new Metadata();
    if (retry) {
      long seconds = Long.parseLong(ErrorHandling.RETRY_AFTER_SECONDS);
      status.addDetails(
          Any.pack(
              RetryInfo.newBuilder()
                  .setRetryDelay(Duration.newBuilder().setSeconds(seconds))
                  .build()));
      trailers.put(RETRY_AFTER, ErrorHandling.RETRY_AFTER_SECONDS);
    }
    return StatusProto.toStatusRuntimeException(status.build(), trailers);
  }
}
