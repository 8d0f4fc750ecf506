package io.siameseonnx.server.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.siameseonnx.model.testing.TestRepository;
import io.siameseonnx.server.support.Http;
import io.siameseonnx.server.support.Images;
import io.siameseonnx.server.support.ServerProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability of the HTTP API against {@code kill -9}: a real server process is killed while clients
 * stream enrolments to it; the next server opens the gallery and holds every example whose
 * enrolment was answered 201.
 */
class GalleryServerKillTest {
  private static final int CLIENTS = 3;
  private static final int ACKNOWLEDGED_BEFORE_KILL = 40;

  @TempDir Path repo;
  @TempDir Path galleries;
  @TempDir Path work;

  @Test
  void everyAcknowledgedHttpEnrolmentSurvivesKillDashNineOfTheServer() throws Exception {
    new TestRepository(repo).writeVersion(1);
    Map<String, String> acknowledged = new ConcurrentHashMap<>(); // example id -> subject
    AtomicInteger next = new AtomicInteger();
    ServerProcess server =
        ServerProcess.start(repo, "256m", work, "--gallery-dir", galleries.toString());
    List<Thread> clients = new ArrayList<>();
    try {
      Http http = new Http(server.port());
      assertThat(http.put("/v1/galleries/door").status()).isEqualTo(201);
      for (int c = 0; c < CLIENTS; c++) {
        Thread client =
            new Thread(
                () -> {
                  while (true) {
                    int n = next.incrementAndGet();
                    String subject = "s" + (n % 17);
                    Http.Reply reply;
                    try {
                      reply =
                          http.postJson(
                              "/v1/galleries/door/subjects/" + subject + "/examples",
                              Http.body("images", List.of(Images.pngBase64(n))));
                    } catch (RuntimeException killed) {
                      return; // the server is gone
                    }
                    if (reply.status() != 201) {
                      return;
                    }
                    acknowledged.put(reply.json().get("example_ids").get(0).asText(), subject);
                  }
                },
                "enrolling-client-" + c);
        client.start();
        clients.add(client);
      }
      while (acknowledged.size() < ACKNOWLEDGED_BEFORE_KILL && server.isAlive()) {
        Thread.sleep(5);
      }
    } finally {
      server.kill();
      for (Thread client : clients) {
        client.join();
      }
    }
    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(ACKNOWLEDGED_BEFORE_KILL);

    try (ServerProcess restarted =
        ServerProcess.start(repo, "256m", work, "--gallery-dir", galleries.toString())) {
      Http http = new Http(restarted.port());
      Set<String> present = new HashSet<>();
      for (String subject : new HashSet<>(acknowledged.values())) {
        JsonNode examples = http.get("/v1/galleries/door/subjects/" + subject).json();
        examples.get("examples").forEach(e -> present.add(e.get("id").asText()));
      }
      assertThat(present).containsAll(acknowledged.keySet());
      JsonNode door = http.get("/v1/galleries/door").json();
      assertThat(door.get("examples").asLong()).isGreaterThanOrEqualTo(acknowledged.size());
      // and the gallery still takes enrolments and answers identify
      assertThat(
              http.postJson(
                      "/v1/galleries/door/identify",
                      Http.body("images", List.of(Images.pngBase64(1))))
                  .status())
          .isEqualTo(200);
    }
  }
}
