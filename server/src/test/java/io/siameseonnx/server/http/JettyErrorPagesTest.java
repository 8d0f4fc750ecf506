package io.siameseonnx.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siameseonnx.server.http.v1.ApiJson;
import io.siameseonnx.server.http.v1.V1Errors;
import io.siameseonnx.server.http.v2.V2Api;
import io.siameseonnx.server.http.v2.V2Errors;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/**
 * What Jetty answers by itself comes in the API's JSON shapes; a failure that reaches Jetty because
 * the server ran out of memory (answering it ran out again) is the app's 503 for that, not a 500. A
 * real Jetty server over loopback, with handlers that fail as a request can.
 */
class JettyErrorPagesTest {
  private final ObjectMapper json = ApiJson.mapper();

  @Test
  void runningOutOfMemoryWhereTheAppCouldNotAnswerIs503InTheProtocolsShape() throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ErrorHandling errors =
        new ErrorHandling(new V1Errors()).withPrefix(V2Api.PREFIX, new V2Errors());
    server.setErrorHandler(new JettyErrorPages(json, errors).server());
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            String path = Request.getPathInContext(request);
            if (path.endsWith("/broken")) {
              throw new IllegalStateException("a bug");
            }
            if (path.endsWith("/failed")) {
              // As DirectRoutes fails a request whose answer could not be written.
              callback.failed(new OutOfMemoryError("Java heap space"));
              return true;
            }
            throw new OutOfMemoryError("Java heap space");
          }
        });
    server.start();
    try {
      String base = "http://127.0.0.1:" + connector.getLocalPort();
      HttpClient client = HttpClient.newHttpClient();
      for (String path : new String[] {"/v1/embeddings", "/v1/embeddings/failed"}) {
        HttpResponse<String> v1 = get(client, base + path);
        assertThat(v1.statusCode()).as(path).isEqualTo(503);
        assertThat(v1.headers().firstValue("Retry-After")).hasValue("1");
        JsonNode body = json.readTree(v1.body());
        assertThat(body.get("error").asText()).as(v1.body()).isEqualTo("overloaded");
        assertThat(body.get("message").asText()).contains("out of memory");
      }
      HttpResponse<String> v2 = get(client, base + "/v2/models/m/infer");
      assertThat(v2.statusCode()).isEqualTo(503);
      assertThat(json.readTree(v2.body()).get("error").asText()).contains("out of memory");
      // Any other failure that reaches Jetty stays a 500.
      HttpResponse<String> broken = get(client, base + "/v1/broken");
      assertThat(broken.statusCode()).isEqualTo(500);
      assertThat(json.readTree(broken.body()).get("error").asText()).isEqualTo("internal_error");
    } finally {
      server.stop();
    }
  }

  private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
