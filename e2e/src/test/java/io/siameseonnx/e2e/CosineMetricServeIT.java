package io.siameseonnx.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metric is one field of the recipe, from training to serving: a tiny model trained with {@code
 * --metric cosine}, exported and served, gives over HTTP the distances and verdicts of the
 * trainer's own {@code distance} command on the same images (the server once applied a threshold
 * calibrated on Euclidean distances to cosine ones).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CosineMetricServeIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Path work;
  private Path checkpoint;
  private Path samples;
  private ServerJar server;

  @BeforeAll
  void trainWithCosineAndServe(@TempDir Path tmp) throws Exception {
    work = tmp;
    Path models = work.resolve("models");
    Path out = work.resolve("run");
    Jars.trainerSucceeds(
        work,
        "train",
        "--metric",
        "cosine",
        "--pretrain-epochs",
        "0",
        "--epochs",
        "1",
        "--out",
        out.toString(),
        "--model-repo",
        models.toString());
    checkpoint = out.resolve("checkpoints/finetune");
    samples = Jars.samples(work);
    server = ServerJar.start(models, work.resolve("server.log"));
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void theServedModelsCardNamesTheCosineMetric() throws Exception {
    HttpResponse<String> r = server.get("/v1/models");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).findValuesAsText("metric"))
        .isNotEmpty()
        .containsOnly("cosine");
  }

  @Test
  void theServersDistancesAndVerdictsAreTheTrainersOnTheSameImages() throws Exception {
    List<String[]> pairs =
        List.of(
            new String[] {"rect-1.png", "rect-2.png"},
            new String[] {"rect-1.png", "plain-1.png"},
            new String[] {"plain-1.png", "plain-2.png"});
    for (String[] pair : pairs) {
      Path a = samples.resolve(pair[0]);
      Path b = samples.resolve(pair[1]);
      HttpResponse<String> r =
          server.post(
              "/v1/distance",
              "{\"a\": \"" + ServerJar.base64(a) + "\", \"b\": \"" + ServerJar.base64(b) + "\"}");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode served = JSON.readTree(r.body());
      Jars.Run cli =
          Jars.trainer(
              work, "distance", "--checkpoint", checkpoint.toString(), a.toString(), b.toString());
      assertThat(cli.exitCode()).as(cli.stderr()).isZero();
      JsonNode djl = JSON.readTree(cli.stdout());

      String what = pair[0] + " vs " + pair[1];
      assertThat(served.get("distance").asDouble())
          .as(what)
          .isCloseTo(djl.get("distance").asDouble(), within(1e-5));
      assertThat(served.get("threshold").asDouble())
          .as(what)
          .isCloseTo(djl.get("threshold").asDouble(), within(1e-9));
      assertThat(served.get("similar").asBoolean())
          .as(what)
          .isEqualTo(djl.get("similar").asBoolean());
      assertThat(served.get("metric").asText()).as(what).isEqualTo("cosine");
      assertThat(djl.get("metric").asText()).as(what).isEqualTo("cosine");
    }
  }
}
