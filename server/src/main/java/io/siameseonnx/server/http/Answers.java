package io.siameseonnx.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Writes the inference routes' answers straight to the servlet response.
 *
 * <p>Javalin copies a result through a fresh 8 KB buffer and a compression wrapper on every
 * request: JFR put a fifth of the bytes a request allocates there. An answer Javalin would not
 * compress anyway (the client accepts no encoding, or it is shorter than Javalin's 1,500-byte
 * minimum) skips both; any other still goes through Javalin, so compression is unchanged.
 */
public final class Answers {
  /** Javalin's default smallest body it compresses. */
  private static final int SMALLEST_COMPRESSED = 1500;

  private final ObjectMapper mapper;

  /** Answers serialised with the API's mapper. */
  public Answers(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** Answers {@code value} as JSON. */
  public void json(Context ctx, Object value) {
    byte[] body;
    try {
      body = mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the answer as JSON: " + e.getMessage(), e);
    }
    bytes(ctx, "application/json", body);
  }

  /** Answers {@code body} as {@code contentType}. */
  public static void bytes(Context ctx, String contentType, byte[] body) {
    ctx.contentType(contentType);
    if (body.length >= SMALLEST_COMPRESSED && ctx.header("Accept-Encoding") != null) {
      ctx.result(body);
      return;
    }
    HttpServletResponse response = ctx.res();
    response.setContentLength(body.length);
    try {
      response.getOutputStream().write(body);
    } catch (IOException e) {
      throw new ClientGoneException(e);
    }
  }
}
