package io.siameseonnx.server.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
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
  private static boolean isOpen(String path) {
    return path.startsWith("/health/") || path.equals("/metrics");
  }

  @Override
  public void handle(Context ctx) {
    if (!enabled() || isOpen(ctx.path())) {
      return;
    }
    String header = ctx.header("Authorization");
    if (header == null || !header.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
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
      throw new ApiException(ErrorCode.UNAUTHORIZED, "the API key is not valid", CHALLENGE);
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
