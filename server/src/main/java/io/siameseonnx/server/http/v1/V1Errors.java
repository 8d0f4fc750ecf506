package io.siameseonnx.server.http.v1;

import io.siameseonnx.server.http.ErrorCode;
import io.siameseonnx.server.http.ErrorHandling;

/** Renders errors in the v1 API's one shape, {@link ErrorBody}. */
public final class V1Errors implements ErrorHandling.Renderer {
  @Override
  public Object body(ErrorCode code, String message) {
    return ErrorBody.of(code, message);
  }
}
