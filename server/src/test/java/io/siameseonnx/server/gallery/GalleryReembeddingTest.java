package io.siameseonnx.server.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.siameseonnx.model.testing.TestRepository;
import io.siameseonnx.server.SiameseServer;
import io.siameseonnx.server.models.ModelManager;
import io.siameseonnx.server.service.GalleryService;
import io.siameseonnx.server.service.Services;
import io.siameseonnx.server.support.Http;
import io.siameseonnx.server.support.Images;
import io.siameseonnx.server.support.ServerFixture;
import io.siameseonnx.server.support.TestServers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Re-embedding after a hot reload, over HTTP: the gallery keeps answering with the version that
 * built it until its re-embedding is swapped in, and then answers as a gallery freshly enrolled
 * with the new version. The re-embedding runs on an executor the test steps through, so that
 * "during" is a state the test holds rather than a race it hopes to win.
 */
class GalleryReembeddingTest {
  @TempDir Path repo;
  @TempDir Path galleries;

  /** Runs what it is given only when the test says. */
  private static final class SteppedExecutor implements Executor {
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

    @Override
    public void execute(Runnable task) {
      tasks.add(task);
    }

    boolean runOne() {
      Runnable task = tasks.poll();
      if (task == null) {
        return false;
      }
      task.run();
      return true;
    }

    void runAll() {
      while (runOne()) {
        // each task may queue more (the re-embedding itself, then a look for more to do)
      }
    }
  }

  private static Map<String, Object> images(long... seeds) {
    List<String> images = new ArrayList<>();
    for (long seed : seeds) {
      images.add(Images.pngBase64(seed));
    }
    return Http.body("images", images);
  }

  private static void enrol(Http http, String gallery, String subject, long... seeds) {
    Http.Reply reply =
        http.postJson(
            "/v1/galleries/" + gallery + "/subjects/" + subject + "/examples", images(seeds));
    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
  }

  private static void enrolAll(Http http, String gallery) {
    enrol(http, gallery, "ann", 1, 2);
    enrol(http, gallery, "ben", 3);
    enrol(http, gallery, "cat", 4);
  }

  private static JsonNode identify(Http http, String gallery) {
    Http.Reply reply = http.postJson("/v1/galleries/" + gallery + "/identify", images(1, 3, 5, 6));
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.json().get("results");
  }

  @Test
  void afterAHotReloadQueriesUseTheOldVersionUntilTheReembeddingIsSwappedIn() throws Exception {
    TestRepository models = new TestRepository(repo);
    models.writeVersion(1);
    SteppedExecutor reembedding = new SteppedExecutor();
    try (SiameseServer server = TestServers.ready(TestServers.config(repo));
        GalleryStore store = GalleryStore.open(galleries, VectorIndexOptions.DEFAULTS)) {
      GalleryService service =
          new GalleryService(server.embeddings(), store, server.metrics().galleries(), reembedding);
      Services services =
          new Services(
              server.embeddings(),
              server.services().matching(),
              Optional.empty(),
              Optional.of(service));
      ServerFixture.http(
          server,
          services,
          http -> {
            http.put("/v1/galleries/door");
            enrolAll(http, "door");
            JsonNode before = identify(http, "door");
            String annIds =
                http.get("/v1/galleries/door/subjects/ann")
                    .json()
                    .findValuesAsText("id")
                    .toString();

            models.writeVersion(2);
            assertThat(server.models().reload()).isEqualTo(ModelManager.Outcome.LOADED);

            // Swapped, not yet re-embedded: answered by version 1, exactly as before.
            assertThat(identify(http, "door")).isEqualTo(before);
            assertThat(http.get("/v1/galleries/door").json().get("model").get("version").asLong())
                .isEqualTo(1);
            enrol(http, "door", "dan", 6); // enrolled by version 1 during the wait

            reembedding.runOne(); // starts the re-embedding: the gallery shows it running
            JsonNode running = http.get("/v1/galleries/door").json();
            assertThat(running.get("reembedding").get("state").asText()).isEqualTo("running");
            assertThat(running.get("reembedding").get("to_version").asLong()).isEqualTo(2);
            assertThat(running.get("model").get("version").asLong()).isEqualTo(1);
            assertThat(http.get("/metrics").body())
                .contains("siamese_gallery_reembedding_progress{gallery=\"door\"}");
            assertThat(identify(http, "door").get(0).get("identified").asText()).isEqualTo("ann");

            reembedding.runAll();
            JsonNode after = http.get("/v1/galleries/door").json();
            assertThat(after.get("model").get("version").asLong()).isEqualTo(2);
            assertThat(after.get("reembedding").get("state").asText()).isEqualTo("done");
            assertThat(after.get("examples").asLong()).isEqualTo(5);
            assertThat(
                    http.get("/v1/galleries/door/subjects/ann")
                        .json()
                        .findValuesAsText("id")
                        .toString())
                .isEqualTo(annIds);
            assertThat(http.get("/metrics").body())
                .contains("siamese_gallery_model_version{gallery=\"door\"} 2.0")
                .doesNotContain("siamese_gallery_reembedding_progress{gallery=\"door\"}");

            // The same images enrolled afresh with version 2 give the same answers.
            http.put("/v1/galleries/fresh");
            enrolAll(http, "fresh");
            enrol(http, "fresh", "dan", 6);
            JsonNode reembedded = identify(http, "door");
            JsonNode fresh = identify(http, "fresh");
            assertThat(reembedded).isNotEqualTo(before);
            for (int i = 0; i < fresh.size(); i++) {
              JsonNode a = reembedded.get(i);
              JsonNode b = fresh.get(i);
              assertThat(a.get("identified")).isEqualTo(b.get("identified"));
              assertThat(a.get("matches").findValuesAsText("subject"))
                  .isEqualTo(b.get("matches").findValuesAsText("subject"));
              for (int m = 0; m < b.get("matches").size(); m++) {
                assertThat(a.get("matches").get(m).get("distance").asDouble())
                    .isCloseTo(b.get("matches").get(m).get("distance").asDouble(), within(1e-5));
              }
            }
          });
      service.close();
    }
  }
}
