package io.siameseonnx.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.siameseonnx.server.errors.InvalidInputException;
import io.siameseonnx.server.errors.OverloadedException;
import io.siameseonnx.server.http.v1.V1Errors;
import io.siameseonnx.server.support.Http;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One mapping from failures to statuses; each route prefix answers in its own error shape. */
class ErrorHandlingTest {
  private static Javalin app() {
    ErrorHandling errors =
        new ErrorHandling(new V1Errors())
            .withPrefix("/v2", (code, message) -> Map.of("error", message));
    return Javalin.create(
        c -> {
          c.startup.showJavalinBanner = false;
          for (String prefix : new String[] {"/v1", "/v2"}) {
            c.routes.get(
                prefix + "/bad",
                ctx -> {
                  throw new InvalidInputException(
                      InvalidInputException.Kind.TENSOR, "inputs[0]", "wrong shape");
                });
            c.routes.get(
                prefix + "/busy",
                ctx -> {
                  throw new OverloadedException("queue full", false);
                });
          }
          errors.register(c.routes);
        });
  }

  @Test
  void aDomainFailureGetsOneStatusAndTheShapeOfItsPrefix() {
    JavalinTest.test(
        app(),
        (server, client) -> {
          Http http = new Http(server.port());
          Http.Reply v1 = http.get("/v1/bad");
          assertThat(v1.status()).isEqualTo(400);
          assertThat(v1.json().get("error").asText()).isEqualTo("invalid_tensor");
          assertThat(v1.json().get("message").asText()).isEqualTo("inputs[0]: wrong shape");
          Http.Reply v2 = http.get("/v2/bad");
          assertThat(v2.status()).isEqualTo(400);
          assertThat(v2.json().size()).isEqualTo(1);
          assertThat(v2.json().get("error").asText()).isEqualTo("inputs[0]: wrong shape");
          Http.Reply busy = http.get("/v2/busy");
          assertThat(busy.status()).isEqualTo(429);
          assertThat(busy.headers()).containsKey("retry-after");
          assertThat(busy.json().get("error").asText()).isEqualTo("queue full");
          Http.Reply none = http.get("/v2/none");
          assertThat(none.status()).isEqualTo(404);
          assertThat(none.json().has("status")).isFalse();
        });
  }
}
