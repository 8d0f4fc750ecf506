package io.siameseonnx.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

/** Checks the API's one error shape. */
public final class ErrorAssertions {
  private ErrorAssertions() {}

  /**
   * The reply has {@code status}, a JSON body of exactly {@code status}, {@code error} (= {@code
   * code}) and {@code message}, and the message carries no stack trace or class names.
   */
  public static void assertError(Http.Reply reply, int status, String code) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    assertThat(reply.header("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    JsonNode json = reply.json();
    assertThat(json.size()).as(reply.body()).isEqualTo(3);
    assertThat(json.get("status").asInt()).isEqualTo(status);
    assertThat(json.get("error").asText()).isEqualTo(code);
    assertThat(json.get("message").asText())
        .isNotBlank()
        .doesNotContain(
            "\tat ",
            "Exception",
            "io.siameseonnx",
            "java.",
            "com.fasterxml",
            "jakarta.",
            "org.eclipse",
            "Cannot invoke",
            "()");
  }
}
