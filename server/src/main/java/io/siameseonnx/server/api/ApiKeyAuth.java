package io.siameseonnx.server.api;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Requires {@code Authorization: Bearer <key>} on every route but health and metrics (and the
 * static demo page, which {@code ServerApp} leaves open), when API keys are configured. Keys are
 * compared as SHA-256 digests in constant time, so neither a key's length nor its prefix leaks
 * through timing.
 */
public final class ApiKeyAuth implements Handler {
  private static final Map<String, String> CHALLENGE =
      Map.of("WWW-Authenticate", "Bearer realm=\"siamese-onnx\"");

  /** The most bytes of a refused request's body that are read and dropped. */
  private static final long DRAIN_LIMIT = 16L * 1024 * 1024;

  private final List<byte[]> digests;

  /** Auth for these keys; none means auth is off. */
  public ApiKeyAuth(Set<String> keys) {
    this.digests = keys.stream().map(ApiKeyAuth::digest).toList();
  }

  /** Whether keys are required. */
  public boolean enabled() {
    return !digests.isEmpty();
  }

  /** Whether a route is open without a key. */
  public static boolean isOpen(String path) {
    return path.startsWith("/health/") || path.equals("/metrics");
  }

  @Override
  public void handle(Context ctx) {
    if (!enabled() || isOpen(ctx.path())) {
      return;
    }
    String header = ctx.header("Authorization");
    if (header == null || !header.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
      discardBody(ctx);
      throw new ApiException(
          ErrorCode.UNAUTHORIZED,
          "an API key is required: send \"Authorization: Bearer <key>\"",
          CHALLENGE);
    }
    byte[] presented = digest(header.substring("bearer ".length()).strip());
    boolean match = false;
    for (byte[] key : digests) {
      match |= MessageDigest.isEqual(key, presented);
    }
    if (!match) {
      discardBody(ctx);
      throw new ApiException(ErrorCode.UNAUTHORIZED, "the API key is not valid", CHALLENGE);
    }
  }

  /**
   * Reads and drops a refused request's body (up to {@link #DRAIN_LIMIT} bytes): answering before
   * the body is read makes the server close the connection, and a client still sending its body
   * then sees a reset instead of the 401.
   */
  private static void discardBody(Context ctx) {
    try {
      InputStream in = ctx.req().getInputStream();
      byte[] buffer = new byte[64 * 1024];
      long total = 0;
      int n;
      while (total < DRAIN_LIMIT && (n = in.read(buffer)) > 0) {
        total += n;
      }
    } catch (IOException | RuntimeException e) {
      // the connection is going away anyway; the 401 is still the answer
    }
  }

  private static byte[] digest(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
