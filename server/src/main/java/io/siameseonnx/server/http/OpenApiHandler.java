package io.siameseonnx.server.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi.json}: the OpenAPI 3 document of the API, a resource kept beside the code.
 */
public final class OpenApiHandler implements Handler {
  /** The class-path resource holding the document. */
  public static final String RESOURCE = "/openapi.json";

  private final byte[] document;

  /** Loads the document. */
  public OpenApiHandler() {
    this.document = load(RESOURCE);
  }

  /** The document's bytes. */
  public static byte[] load() {
    return load(RESOURCE);
  }

  /** A class-path resource's bytes; a resource missing from the jar is a bug. */
  static byte[] load(String resource) {
    try (InputStream in = OpenApiHandler.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("resource " + resource + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void handle(Context ctx) {
    ctx.contentType("application/json").result(document);
  }
}
