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
