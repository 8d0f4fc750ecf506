package io.siameseonnx.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.siameseonnx.model.testing.TestRepository;
import io.siameseonnx.server.SiameseServer;
import io.siameseonnx.server.support.ErrorAssertions;
import io.siameseonnx.server.support.Http;
import io.siameseonnx.server.support.ServerFixture;
import io.siameseonnx.server.support.TestServers;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /}: the demo page over plain HTTP, with and without API keys. */
class DemoPageTest {
  private static final Pattern LINK =
      Pattern.compile(
          "(?:src|href|action)\\s*=\\s*[\"']?\\s*([^\"'\\s>]*)", Pattern.CASE_INSENSITIVE);

  @TempDir static Path repo;
  static SiameseServer open;
  static SiameseServer keyed;

  @BeforeAll
  static void start() throws Exception {
    new TestRepository(repo).writeVersion(1);
    open = TestServers.ready(TestServers.config(repo));
    keyed = TestServers.ready(TestServers.config(repo).withApiKeys(Set.of("demo-key")));
  }

  @AfterAll
  static void stop() {
    open.close();
    keyed.close();
  }

  @Test
  void theRootServesTheSelfContainedDemoPage() {
    ServerFixture.http(
        open,
        http -> {
          Http.Reply reply = http.get("/");
          assertThat(reply.status()).isEqualTo(200);
          assertThat(reply.header("Content-Type"))
              .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
          String page = reply.body();
          assertThat(page).contains("<title>siamese-onnx demo</title>");
          for (String id :
              new String[] {
                "image-a",
                "image-b",
                "compare",
                "distance",
                "verdict",
                "threshold",
                "card",
                "error",
                "api-key",
                "gallery-name",
                "subject-name",
                "enrol-images",
                "enrol",
                "identify-image",
                "identify",
                "matches",
                "identified"
              }) {
            assertThat(page).contains("id=\"" + id + "\"");
          }
          // Nothing is loaded from another host: no absolute or protocol-relative links at all.
          assertThat(page).doesNotContain("http://").doesNotContain("https://");
          Matcher links = LINK.matcher(page);
          while (links.find()) {
            assertThat(links.group(1)).as("link %s", links.group()).doesNotStartWith("//");
          }
          assertThat(page).doesNotContain("@import").doesNotContain("url(");
        });
  }

  @Test
  void thePageNeedsNoKeyButTheApiStillDoes() {
    ServerFixture.http(
        keyed,
        http -> {
          Http.Reply page = http.get("/");
          assertThat(page.status()).isEqualTo(200);
          assertThat(page.body()).contains("<title>siamese-onnx demo</title>");
          ErrorAssertions.assertError(http.get("/v1/models"), 401, "unauthorized");
          assertThat(http.withBearer("demo-key").get("/v1/models").status()).isEqualTo(200);
        });
  }
}
