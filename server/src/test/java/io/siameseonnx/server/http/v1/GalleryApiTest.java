package io.siameseonnx.server.http.v1;

import static io.siameseonnx.server.support.ErrorAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.siameseonnx.model.testing.TestRepository;
import io.siameseonnx.server.SiameseServer;
import io.siameseonnx.server.support.Http;
import io.siameseonnx.server.support.Images;
import io.siameseonnx.server.support.ServerFixture;
import io.siameseonnx.server.support.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GalleryApiTest {
  @TempDir static Path repo;
  @TempDir static Path galleries;
  static SiameseServer server;

  @BeforeAll
  static void start() throws Exception {
    new TestRepository(repo).writeVersion(1);
    server = TestServers.ready(TestServers.config(repo).withGalleryDir(galleries));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Map<String, Object> images(long... seeds) {
    List<String> images = new ArrayList<>();
    for (long seed : seeds) {
      images.add(Images.pngBase64(seed));
    }
    return Http.body("images", images);
  }

  private static List<String> enrol(Http http, String gallery, String subject, long... seeds) {
    Http.Reply reply =
        http.postJson(
            "/v1/galleries/" + gallery + "/subjects/" + subject + "/examples", images(seeds));
    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    List<String> ids = new ArrayList<>();
    reply.json().get("example_ids").forEach(id -> ids.add(id.asText()));
    assertThat(ids).hasSize(seeds.length);
    return ids;
  }

  private static JsonNode identify(Http http, String gallery, Map<String, Object> body) {
    Http.Reply reply = http.postJson("/v1/galleries/" + gallery + "/identify", body);
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.json();
  }

  @Test
  void enrolledSubjectsAreIdentifiedVerifiedListedAndDeletedOverHttp() {
    ServerFixture.http(
        server,
        http -> {
          assertThat(http.put("/v1/galleries/staff").status()).isEqualTo(201);
          assertThat(http.put("/v1/galleries/staff").status()).isEqualTo(200);
          Http.Reply alice =
              http.postJson(
                  "/v1/galleries/staff/subjects/alice/examples",
                  Http.body(
                      "images",
                      List.of(Images.pngBase64(1), Images.pngBase64(2)),
                      "metadata",
                      Map.of("badge", 7)));
          assertThat(alice.status()).as(alice.body()).isEqualTo(201);
          assertThat(alice.json().get("subject").asText()).isEqualTo("alice");
          // multipart, like /v1/embeddings
          Http.Reply bob =
              http.postMultipart(
                  "/v1/galleries/staff/subjects/bob/examples",
                  List.of(
                      Http.Part.file("images", Images.png(32, 32, 3)),
                      Http.Part.field("metadata", "{\"team\":\"b\"}")));
          assertThat(bob.status()).as(bob.body()).isEqualTo(201);
          String bobId = bob.json().get("example_ids").get(0).asText();

          JsonNode staff = http.get("/v1/galleries/staff").json();
          assertThat(staff.get("examples").asLong()).isEqualTo(3);
          assertThat(staff.get("subjects").asLong()).isEqualTo(2);
          assertThat(staff.get("model").get("version").asLong()).isEqualTo(1);
          assertThat(staff.get("model").get("card_fingerprint").asText()).hasSize(64);
          assertThat(staff.get("own_threshold").asBoolean()).isFalse();
          assertThat(http.get("/v1/galleries").json().get("galleries").findValuesAsText("name"))
              .contains("staff");

          JsonNode who = identify(http, "staff", images(1)).get("results").get(0);
          assertThat(who.get("identified").asText()).isEqualTo("alice");
          // ranked by subject: alice once (at her nearest example), then bob
          assertThat(who.get("matches").findValuesAsText("subject"))
              .containsExactly("alice", "bob");
          assertThat(who.get("matches").get(0).get("distance").asDouble()).isLessThan(1e-4);
          assertThat(who.get("matches").get(0).get("similar").asBoolean()).isTrue();

          Http.Reply verify =
              http.postJson(
                  "/v1/galleries/staff/verify",
                  Http.body("image", Images.pngBase64(3), "subject", "bob"));
          assertThat(verify.status()).as(verify.body()).isEqualTo(200);
          assertThat(verify.json().get("similar").asBoolean()).isTrue();
          assertThat(verify.json().get("example_id").asText()).isEqualTo(bobId);
          assertThat(verify.json().get("threshold").asDouble()).isPositive();

          JsonNode aliceExamples = http.get("/v1/galleries/staff/subjects/alice").json();
          assertThat(aliceExamples.get("examples")).hasSize(2);
          assertThat(aliceExamples.get("examples").get(0).get("metadata").get("badge").asInt())
              .isEqualTo(7);
          assertThat(aliceExamples.get("examples").get(0).has("tensor")).isFalse();
          assertThat(aliceExamples.get("examples").get(0).get("enrolled_at").asText()).isNotBlank();

          String first = aliceExamples.get("examples").get(0).get("id").asText();
          assertThat(http.delete("/v1/galleries/staff/examples/" + first).status()).isEqualTo(204);
          assertThat(http.get("/v1/galleries/staff/subjects/alice").json().get("examples"))
              .hasSize(1);
          Http.Reply gone = http.delete("/v1/galleries/staff/subjects/bob");
          assertThat(gone.json().get("deleted_examples").asInt()).isEqualTo(1);
          assertThat(
                  identify(http, "staff", images(3))
                      .get("results")
                      .get(0)
                      .get("matches")
                      .findValuesAsText("subject"))
              .containsExactly("alice");

          assertThat(http.delete("/v1/galleries/staff").status()).isEqualTo(204);
          assertError(http.get("/v1/galleries/staff"), 404, "gallery_not_found");
          assertThat(galleries.resolve("staff")).doesNotExist();
        });
  }

  @Test
  void anImageOfNoEnrolledSubjectIsIdentifiedAsNoneOfThem() {
    ServerFixture.http(
        server,
        http -> {
          http.put("/v1/galleries/open-set");
          enrol(http, "open-set", "carol", 10);
          // a request threshold below any distance between two different images
          JsonNode result =
              identify(
                      http,
                      "open-set",
                      Http.body("images", List.of(Images.pngBase64(11)), "threshold", 1e-9))
                  .get("results")
                  .get(0);
          assertThat(result.has("identified")).isTrue();
          assertThat(result.get("identified").isNull()).isTrue();
          assertThat(result.get("matches").get(0).get("subject").asText()).isEqualTo("carol");
          assertThat(result.get("matches").get(0).get("similar").asBoolean()).isFalse();

          // the gallery's own threshold applies when the request has none
          Http.Reply strict =
              http.putJson(
                  "/v1/galleries/strict",
                  Map.of("threshold", 1e-9, "metadata", Map.of("site", "x")));
          assertThat(strict.status()).isEqualTo(201);
          assertThat(strict.json().get("own_threshold").asBoolean()).isTrue();
          assertThat(strict.json().get("metadata").get("site").asText()).isEqualTo("x");
          enrol(http, "strict", "carol", 10);
          JsonNode strictResult = identify(http, "strict", images(11));
          assertThat(strictResult.get("threshold").asDouble()).isEqualTo(1e-9);
          assertThat(strictResult.get("results").get(0).get("identified").isNull()).isTrue();
          // and the same image as enrolled is still identified by the card's threshold elsewhere
          assertThat(
                  identify(http, "open-set", images(10))
                      .get("results")
                      .get(0)
                      .get("identified")
                      .asText())
              .isEqualTo("carol");
        });
  }

  @Test
  void subjectsArePagedWithACursorInByteOrder() {
    ServerFixture.http(
        server,
        http -> {
          http.put("/v1/galleries/paged");
          for (String subject : List.of("e", "a", "d", "b", "c")) {
            enrol(http, "paged", subject, subject.charAt(0));
          }
          enrol(http, "paged", "b", 99);
          // a subject is any UTF-8 of up to 256 bytes, URL-encoded in the path
          enrol(http, "paged", "zo%C3%AB%20o'brien", 98);
          assertThat(
                  http.get("/v1/galleries/paged/subjects/zo%C3%AB%20o'brien")
                      .json()
                      .get("subject")
                      .asText())
              .isEqualTo("zoë o'brien");
          List<String> seen = new ArrayList<>();
          String cursor = null;
          int pages = 0;
          do {
            JsonNode page =
                http.get(
                        "/v1/galleries/paged/subjects?limit=2"
                            + (cursor == null ? "" : "&cursor=" + cursor))
                    .json();
            page.get("subjects").forEach(s -> seen.add(s.get("subject").asText()));
            cursor = page.has("next_cursor") ? page.get("next_cursor").asText() : null;
            pages++;
          } while (cursor != null && pages < 10);
          assertThat(seen).containsExactly("a", "b", "c", "d", "e", "zoë o'brien");
          assertThat(pages).isEqualTo(3);
          assertThat(http.get("/v1/galleries/paged").json().get("subjects").asInt()).isEqualTo(6);
          JsonNode all = http.get("/v1/galleries/paged/subjects").json();
          assertThat(all.get("subjects").get(1).get("examples").asInt()).isEqualTo(2);
          assertError(http.get("/v1/galleries/paged/subjects?limit=0"), 422, "invalid_request");
          assertError(http.get("/v1/galleries/paged/subjects?cursor=***"), 422, "invalid_request");
        });
  }

  @Test
  void badNamesAreRefusedWithoutTouchingTheDisk() throws Exception {
    ServerFixture.http(
        server,
        http -> {
          for (String name :
              List.of("Upper", "-dash", "a.b", "x".repeat(65), "%2e%2e", "a%20b", "caf%C3%A9")) {
            Http.Reply reply = http.put("/v1/galleries/" + name);
            assertThat(reply.status()).as(name).isEqualTo(400);
            assertThat(reply.json().get("error").asText()).isIn("invalid_name", "invalid_http");
          }
          assertError(http.put("/v1/galleries/Upper"), 400, "invalid_name");
          assertError(http.get("/v1/galleries/Upper"), 400, "invalid_name");
          assertError(http.get("/v1/galleries/nothing-here"), 404, "gallery_not_found");
          assertError(
              http.postJson("/v1/galleries/nothing-here/identify", images(1)),
              404,
              "gallery_not_found");
        });
    try (Stream<Path> entries = Files.list(galleries)) {
      assertThat(entries.map(p -> p.getFileName().toString()))
          .allMatch(n -> n.matches("[a-z0-9][a-z0-9_-]{0,63}"));
    }
  }

  @Test
  void badFieldsAreRefusedInTheOneErrorShape() {
    ServerFixture.http(
        server,
        http -> {
          http.put("/v1/galleries/fields");
          enrol(http, "fields", "dave", 20);
          String examples = "/v1/galleries/fields/subjects/dave/examples";
          assertError(http.postJson(examples, Map.of()), 422, "invalid_request");
          assertError(
              http.postJson(
                  examples, Http.body("images", List.of(Images.pngBase64(1)), "metadata", 5)),
              422,
              "invalid_request");
          assertError(
              http.postJson(
                  examples,
                  Http.body(
                      "images",
                      List.of(Images.pngBase64(1)),
                      "metadata",
                      Map.of("note", "x".repeat(5000)))),
              422,
              "invalid_request");
          assertError(
              http.postJson(
                  "/v1/galleries/fields/subjects/" + "s".repeat(257) + "/examples", images(1)),
              422,
              "invalid_request");
          List<String> many = new ArrayList<>();
          for (int i = 0; i < 33; i++) {
            many.add(Images.pngBase64(1));
          }
          assertError(http.postJson(examples, Http.body("images", many)), 422, "invalid_request");
          assertError(
              http.postJson(
                  "/v1/galleries/fields/identify",
                  Http.body("images", List.of(Images.pngBase64(1)), "top_k", 0)),
              422,
              "invalid_request");
          assertError(
              http.postJson("/v1/galleries/fields/verify", Http.body("image", Images.pngBase64(1))),
              422,
              "invalid_request");
          assertError(
              http.postJson(
                  "/v1/galleries/fields/verify",
                  Http.body("image", Images.pngBase64(1), "subject", "nobody")),
              404,
              "subject_not_found");
          assertError(http.get("/v1/galleries/fields/subjects/nobody"), 404, "subject_not_found");
          assertError(
              http.delete("/v1/galleries/fields/examples/no-such-id"), 404, "example_not_found");
          assertError(
              http.putJson("/v1/galleries/fields", Map.of("threshold", 0.01)), 409, "conflict");
          assertError(
              http.putJson("/v1/galleries/other", Map.of("threshold", -1)), 422, "invalid_request");
          assertError(
              http.postJson(examples, Http.body("images", List.of("not base64!"))),
              400,
              "invalid_base64");
        });
  }

  @Test
  void metricsShowEachGallerysSizeAndTheSearchLatency() {
    ServerFixture.http(
        server,
        http -> {
          http.put("/v1/galleries/metered");
          enrol(http, "metered", "erin", 30, 31);
          enrol(http, "metered", "frank", 32);
          identify(http, "metered", images(30, 32));
          String metrics = http.get("/metrics").body();
          assertThat(metrics)
              .contains("siamese_gallery_examples{gallery=\"metered\"} 3.0")
              .contains("siamese_gallery_subjects{gallery=\"metered\"} 2.0")
              .contains("siamese_gallery_model_version{gallery=\"metered\"} 1.0")
              .containsPattern("siamese_gallery_search_seconds_count\\{kind=\"identify\"\\} [1-9]")
              .contains("siamese_gallery_search_seconds_bucket{kind=\"identify\"");
          http.delete("/v1/galleries/metered");
          assertThat(http.get("/metrics").body())
              .doesNotContain("siamese_gallery_examples{gallery=\"metered\"}");
        });
  }

  @Test
  void galleryRoutesNeedTheApiKey(@TempDir Path keyedRepo, @TempDir Path keyedGalleries)
      throws Exception {
    new TestRepository(keyedRepo).writeVersion(1);
    try (SiameseServer keyed =
        TestServers.ready(
            TestServers.config(keyedRepo)
                .withGalleryDir(keyedGalleries)
                .withApiKeys(Set.of("secret")))) {
      ServerFixture.http(
          keyed,
          http -> {
            assertError(http.put("/v1/galleries/locked"), 401, "unauthorized");
            assertError(http.get("/v1/galleries"), 401, "unauthorized");
            Http.Reply open = http.withBearer("secret").put("/v1/galleries/locked");
            assertThat(open.status()).isEqualTo(201);
            assertError(
                http.postJson("/v1/galleries/locked/identify", images(1)), 401, "unauthorized");
          });
    }
  }
}
