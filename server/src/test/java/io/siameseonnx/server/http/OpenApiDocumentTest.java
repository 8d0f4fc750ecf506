package io.siameseonnx.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.siameseonnx.model.testing.TestRepository;
import io.siameseonnx.server.SiameseServer;
import io.siameseonnx.server.support.Http;
import io.siameseonnx.server.support.ServerFixture;
import io.siameseonnx.server.support.TestServers;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenApiDocumentTest {
  @TempDir Path repo;
  @TempDir Path galleries;

  private static SwaggerParseResult parse(String json) {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    options.setValidateInternalRefs(true);
    return new OpenAPIParser().readContents(json, null, options);
  }

  @Test
  void theServedDocumentIsValidOpenApi3AndDocumentsEveryRoute() throws Exception {
    new TestRepository(repo).writeVersion(1);
    try (SiameseServer server =
        TestServers.ready(TestServers.config(repo).withGalleryDir(galleries))) {
      Set<String> registered = new TreeSet<>();
      server.app().unsafe.internalRouter.allHttpHandlers().stream()
          .map(h -> h.endpoint)
          .filter(e -> e.method.isHttpMethod())
          .forEach(e -> registered.add(e.method.name() + " " + e.path));
      ServerFixture.http(
          server,
          http -> {
            Http.Reply reply = http.get("/openapi.json");
            assertThat(reply.status()).isEqualTo(200);
            SwaggerParseResult result = parse(reply.body());
            assertThat(result.getMessages()).isEmpty();
            OpenAPI api = result.getOpenAPI();
            assertThat(api.getOpenapi()).startsWith("3.");
            Set<String> documented = new TreeSet<>();
            api.getPaths()
                .forEach(
                    (path, item) ->
                        item.readOperationsMap()
                            .keySet()
                            .forEach(method -> documented.add(method + " " + path)));
            assertThat(documented).isEqualTo(registered);
          });
    }
  }

  @Test
  void theDocumentCoversEveryOpenInferenceProtocolRouteWithItsParametersAndKeys() {
    OpenAPI api = parse(new String(OpenApiHandler.load())).getOpenAPI();
    Map<String, PathItem.HttpMethod> routes = new java.util.LinkedHashMap<>();
    routes.put("/v2", PathItem.HttpMethod.GET);
    routes.put("/v2/health/live", PathItem.HttpMethod.GET);
    routes.put("/v2/health/ready", PathItem.HttpMethod.GET);
    for (String model : List.of("/v2/models/{model}", "/v2/models/{model}/versions/{version}")) {
      routes.put(model, PathItem.HttpMethod.GET);
      routes.put(model + "/ready", PathItem.HttpMethod.GET);
      routes.put(model + "/infer", PathItem.HttpMethod.POST);
    }
    routes.forEach(
        (path, method) -> {
          assertThat(api.getPaths()).as(path).containsKey(path);
          Operation op = api.getPaths().get(path).readOperationsMap().get(method);
          assertThat(op).as(method + " " + path).isNotNull();
          assertThat(op.getTags()).as(path).contains("open inference protocol");
          List<String> pathParameters = new ArrayList<>();
          if (op.getParameters() != null) {
            op.getParameters().stream()
                .filter(p -> "path".equals(p.getIn()))
                .forEach(p -> pathParameters.add(p.getName()));
          }
          List<String> expected = new ArrayList<>();
          if (path.contains("{model}")) {
            expected.add("model");
          }
          if (path.contains("{version}")) {
            expected.add("version");
          }
          assertThat(pathParameters).as(path).containsExactlyInAnyOrderElementsOf(expected);
          // Health needs no key (as /health/*); everything else takes the bearer key.
          boolean keyed =
              op.getSecurity() != null
                  && op.getSecurity().stream().anyMatch(r -> r.containsKey("bearerAuth"));
          assertThat(keyed).as(path).isEqualTo(!path.startsWith("/v2/health/"));
          if (path.endsWith("/infer")) {
            assertThat(op.getParameters())
                .extracting(p -> p.getName())
                .as(path)
                .contains("Inference-Header-Content-Length");
          }
        });
  }

  @Test
  void everyOperationHasExamplesOfItsSuccessAndItsErrors() {
    OpenAPI api = parse(new String(OpenApiHandler.load())).getOpenAPI();
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, PathItem> path : api.getPaths().entrySet()) {
      for (Map.Entry<PathItem.HttpMethod, Operation> op :
          path.getValue().readOperationsMap().entrySet()) {
        op.getValue()
            .getResponses()
            .forEach(
                (status, response) -> {
                  if (response.get$ref() != null) {
                    response =
                        api.getComponents()
                            .getResponses()
                            .get(response.get$ref().replace("#/components/responses/", ""));
                  }
                  if (response.getContent() == null) {
                    // Only an answer without a body may lack content (the favicon's 204).
                    if (!status.equals("204")) {
                      missing.add(op.getKey() + " " + path.getKey() + " " + status + " content");
                    }
                    return;
                  }
                  response
                      .getContent()
                      .forEach(
                          (type, media) -> {
                            boolean json = type.contains("json");
                            if (json
                                && media.getExample() == null
                                && (media.getExamples() == null || media.getExamples().isEmpty())) {
                              missing.add(op.getKey() + " " + path.getKey() + " " + status);
                            }
                          });
                });
        if (op.getValue().getRequestBody() != null) {
          MediaType json = op.getValue().getRequestBody().getContent().get("application/json");
          if (json.getExample() == null && json.getExamples() == null) {
            missing.add(op.getKey() + " " + path.getKey() + " request");
          }
          // v1 takes uploads; the Open Inference Protocol takes binary tensors after its JSON.
          assertThat(op.getValue().getRequestBody().getContent())
              .containsKey(
                  path.getKey().startsWith("/v2/")
                      ? "application/octet-stream"
                      : "multipart/form-data");
        }
      }
    }
    assertThat(missing).isEmpty();
  }
}
