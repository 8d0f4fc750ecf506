package io.siameseonnx.server.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Requires {@code Authorization: Bearer <key>} on every route but health (v1's and v2's) and
 * metrics (and the static demo page, which {@code ServerApp} leaves open), when API keys are
 * configured. Keys are compared as SHA-256 digests in constant time, so neither a key's length nor
 * its prefix leaks through timing.
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
    return path.startsWith("/health/") || path.startsWith("/v2/health/") || path.equals("/metrics");
  }

  @Override
  public void handle(Context ctx) {
    if (!enabled() || isOpen(ctx.path())) {
      return;
    }
    Optional<String> refused = refusal(ctx.header("Authorization"));
    if (refused.isPresent()) {
      throw new ApiException(ErrorCode.UNAUTHORIZED, refused.get(), CHALLENGE);
    }
  }

  /**
   * Why an {@code Authorization} value (a header, or gRPC's {@code authorization} metadata) is
   * refused; empty when it carries a configured key, or when auth is off.
   */
  public Optional<String> refusal(String authorization) {
    if (!enabled()) {
      return Optional.empty();
    }
    if (authorization == null || !authorization.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
      return Optional.of("an API key is required: send \"Authorization: Bearer <key>\"");
    }
    byte[] presented = digest(authorization.substring("bearer ".length()).strip());
    boolean match = false;
    for (byte[] key : digests) {
      match |= MessageDigest.isEqual(key, presented);
    }
    return match ? Optional.empty() : Optional.of("the API key is not valid");
  }

  private static byte[] digest(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
