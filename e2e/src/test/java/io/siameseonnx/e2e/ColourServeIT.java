package io.siameseonnx.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Colour end to end, where colour is the only signal: the trainer's {@code samples --kind hues}
 * writes shapes in four hues of equal luma; a model trained with {@code --channels auto} (which
 * finds the colour) and one trained with {@code --channels 1} are each served by the server jar and
 * asked, over HTTP, about pairs of images no stage saw. The colour model gets at least 99% of the
 * pairs right; the grayscale one, which sees the same shapes in every class, stays near chance.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ColourServeIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Path work;
  private Path test;

  @BeforeAll
  void writeTheHues(@TempDir Path tmp) throws Exception {
    work = tmp;
    Jars.trainerSucceeds(
        work, "samples", "--kind", "hues", "--count", "40", "--seed", "1", "--out", "train");
    Jars.trainerSucceeds(
        work, "samples", "--kind", "hues", "--count", "15", "--seed", "2", "--out", "test");
    test = work.resolve("test");
  }

  private Path train(String name, String channels) throws Exception {
    Path models = work.resolve(name + "-models");
    Jars.trainerSucceeds(
        work,
        "train",
        "--pairs",
        work.resolve("train").toString(),
        "--channels",
        channels,
        "--pretrain-data",
        "none",
        "--arch",
        "compact",
        "--epochs",
        "3",
        "--out",
        work.resolve(name + "-run").toString(),
        "--model-repo",
        models.toString());
    return models;
  }

  /** Same-hue and different-hue pairs of the test images, half each, every image used. */
  private List<Path[]> pairs() throws IOException {
    List<List<Path>> classes = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(test)) {
      for (Path dir : dirs.sorted().toList()) {
        try (Stream<Path> files = Files.list(dir)) {
          classes.add(files.sorted().toList());
        }
      }
    }
    List<Path[]> pairs = new ArrayList<>();
    for (int c = 0; c < classes.size(); c++) {
      List<Path> same = classes.get(c);
      List<Path> other = classes.get((c + 1) % classes.size());
      for (int i = 0; i < same.size(); i++) {
        pairs.add(new Path[] {same.get(i), same.get((i + 1) % same.size())});
        pairs.add(new Path[] {same.get(i), other.get(i)});
      }
    }
    return pairs;
  }

  /** The share of pairs whose served verdict ("similar") is right, and the card's channels. */
  private double[] servedAccuracy(Path models, String name) throws Exception {
    List<Path[]> pairs = pairs();
    int right = 0;
    int channels;
    try (ServerJar server = ServerJar.start(models, work.resolve(name + "-server.log"))) {
      HttpResponse<String> card = server.get("/v1/models");
      assertThat(card.statusCode()).as(card.body()).isEqualTo(200);
      channels =
          JSON.readTree(card.body()).get("card").get("preprocessing").get("channels").asInt();
      for (int start = 0; start < pairs.size(); start += 8) {
        StringBuilder body = new StringBuilder("{\"pairs\": [");
        List<Path[]> chunk = pairs.subList(start, Math.min(pairs.size(), start + 8));
        for (int i = 0; i < chunk.size(); i++) {
          body.append(i == 0 ? "" : ",")
              .append("{\"a\": \"")
              .append(ServerJar.base64(chunk.get(i)[0]))
              .append("\", \"b\": \"")
              .append(ServerJar.base64(chunk.get(i)[1]))
              .append("\"}");
        }
        HttpResponse<String> r = server.post("/v1/distances", body.append("]}").toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode results = JSON.readTree(r.body()).get("results");
        for (int i = 0; i < chunk.size(); i++) {
          boolean sameHue = chunk.get(i)[0].getParent().equals(chunk.get(i)[1].getParent());
          if (results.get(i).get("similar").asBoolean() == sameHue) {
            right++;
          }
        }
      }
    }
    return new double[] {right / (double) pairs.size(), channels};
  }

  @Test
  void aColourModelTellsEqualLumaHuesApartThroughTheServerAndAGrayOneCannot() throws Exception {
    double[] colour = servedAccuracy(train("colour", "auto"), "colour");
    double[] gray = servedAccuracy(train("gray", "1"), "gray");

    assertThat(colour[1]).as("channels auto found the colour").isEqualTo(3);
    assertThat(gray[1]).isEqualTo(1);
    assertThat(colour[0]).as("colour model, served pair accuracy").isGreaterThanOrEqualTo(0.99);
    assertThat(gray[0]).as("gray model, served pair accuracy").isBetween(0.3, 0.7);
  }
}
