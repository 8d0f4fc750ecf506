package io.siameseonnx.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.SequentialBlock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siameseonnx.model.onnx.SiameseGraphs;
import io.siameseonnx.model.spec.Architectures;
import io.siameseonnx.model.spec.TowerSpec;
import io.siameseonnx.shared.distance.Metric;
import io.siameseonnx.shared.image.ImagePreprocessor;
import io.siameseonnx.shared.image.ImageWriting;
import io.siameseonnx.trainer.cli.DistanceCommand;
import io.siameseonnx.trainer.cli.EmbedCommand;
import io.siameseonnx.trainer.cli.ExportCommand;
import io.siameseonnx.trainer.cli.TrainerCli;
import io.siameseonnx.trainer.model.Checkpoint;
import io.siameseonnx.trainer.model.CheckpointInfo;
import io.siameseonnx.trainer.model.TowerInference;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code export}, {@code embed} and {@code distance} commands, run as picocli would. */
class CommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TowerSpec SPEC = Architectures.named(Architectures.COMPACT, 1, 32, 32);

  @TempDir Path dir;

  private Path checkpoint;
  private Path imageA;
  private Path imageB;
  private CheckpointInfo info;
  private float[][] expected;

  /** What one command run printed and returned. */
  record Run(int code, String out, String err) {}

  @BeforeEach
  void setUp() throws Exception {
    checkpoint = dir.resolve("run/finetune");
    info = ExportFixtures.info(SPEC);
    float[][] pixels = ExportFixtures.images(2, new long[] {1, 40, 48}, 21);
    imageA = dir.resolve("a.png");
    imageB = dir.resolve("b.png");
    Files.write(imageA, ImageWriting.grayPng(pixels[0], 48, 40));
    Files.write(imageB, ImageWriting.grayPng(pixels[1], 48, 40));
    try (NDManager manager = NDManager.newBaseManager()) {
      SequentialBlock tower = ExportFixtures.tower(SPEC, manager);
      ExportFixtures.trainBatchNorm(tower, SPEC, manager, 2);
      Checkpoint.save(checkpoint, info, tower);
      ImagePreprocessor pre = new ImagePreprocessor(info.preprocessing());
      float[][] inputs = {
        pre.fromBytes(Files.readAllBytes(imageA)), pre.fromBytes(Files.readAllBytes(imageB))
      };
      expected = TowerInference.embed(tower, manager, SPEC.inputShape(), inputs, 2);
    }
  }

  private static Run run(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = TrainerCli.commandLine(command);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void embedPrintsOneJsonLinePerImageWithDjlsEmbedding() throws Exception {
    Run run =
        run(new EmbedCommand(), "--checkpoint", checkpoint.toString(), "" + imageA, "" + imageB);

    assertThat(run.code()).as(run.err()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(2);
    for (int i = 0; i < 2; i++) {
      JsonNode line = JSON.readTree(lines.get(i));
      assertThat(line.get("image").asText()).isEqualTo((i == 0 ? imageA : imageB).toString());
      JsonNode embedding = line.get("embedding");
      assertThat(embedding.size()).isEqualTo(128);
      for (int j = 0; j < 128; j++) {
        assertThat(embedding.get(j).asDouble()).isCloseTo(expected[i][j], within(1e-6));
      }
    }
  }

  @Test
  void distancePrintsTheDistanceTheThresholdAndTheVerdict() throws Exception {
    Run run = run(new DistanceCommand(), "--checkpoint", "" + checkpoint, "" + imageA, "" + imageB);

    assertThat(run.code()).as(run.err()).isZero();
    JsonNode json = JSON.readTree(run.out());
    double distance = Metric.EUCLIDEAN.between(expected[0], expected[1]);
    assertThat(json.get("distance").asDouble()).isCloseTo(distance, within(1e-6));
    assertThat(json.get("threshold").asDouble()).isEqualTo(info.threshold());
    assertThat(json.get("similar").asBoolean()).isEqualTo(distance < info.threshold());
  }

  @Test
  void aMissingImageIsBadInputNamingTheFile() {
    Path missing = dir.resolve("nope.png");
    Run run = run(new EmbedCommand(), "--checkpoint", "" + checkpoint, "" + imageA, "" + missing);

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines().toList()).singleElement().asString().contains(missing.toString());
  }

  @Test
  void anUndecodableImageIsBadInputNamingTheFile() throws Exception {
    Path text = dir.resolve("notes.png");
    Files.writeString(text, "not an image");
    Run run = run(new DistanceCommand(), "--checkpoint", "" + checkpoint, "" + imageA, "" + text);

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err().lines().toList()).singleElement().asString().contains(text.toString());
  }

  @Test
  void aMissingCheckpointIsBadInputNamingTheFolder() {
    Path missing = dir.resolve("no-such-run");
    for (Object command : List.of(new EmbedCommand(), new DistanceCommand(), new ExportCommand())) {
      String[] args =
          command instanceof ExportCommand
              ? new String[] {"--checkpoint", "" + missing, "--model-repo", "" + dir.resolve("m")}
              : command instanceof EmbedCommand
                  ? new String[] {"--checkpoint", "" + missing, "" + imageA}
                  : new String[] {"--checkpoint", "" + missing, "" + imageA, "" + imageB};
      Run run = run(command, args);
      assertThat(run.code()).as(command.getClass().getSimpleName()).isEqualTo(2);
      assertThat(run.err().lines().toList())
          .singleElement()
          .asString()
          .contains(missing.toString());
    }
  }

  @Test
  void aFolderWithoutCheckpointJsonIsBadInput() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Run run = run(new EmbedCommand(), "--checkpoint", "" + empty, "" + imageA);
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains(Checkpoint.INFO_FILE);
  }

  @Test
  void exportPublishesVersionOneThenTwoAndPrintsASummary() throws Exception {
    Path repo = dir.resolve("models");
    for (int version = 1; version <= 2; version++) {
      Run run =
          run(
              new ExportCommand(),
              "--checkpoint",
              "" + checkpoint,
              "--model-repo",
              "" + repo,
              "--name",
              "emb",
              "--distance-name",
              "dist",
              "--verify-image",
              "" + imageA,
              "--verify-image",
              "" + imageB);
      assertThat(run.code()).as(run.err()).isZero();
      JsonNode json = JSON.readTree(run.out());
      assertThat(json.get("version").asInt()).isEqualTo(version);
      assertThat(json.get("max_abs_diff_embedding").asDouble()).isLessThan(1e-4);
      assertThat(Path.of(json.get("embedding_model").asText()))
          .isEqualTo(repo.toAbsolutePath().resolve("emb/" + version + "/model.onnx"));
    }
    assertThat(SiameseGraphs.readCard(repo.resolve("dist/2/model.onnx")).verification())
        .containsEntry(ParityFigures.IMAGES, 2.0 + 8);
  }

  /** The same tower, saved as trained on cosine distances. */
  private Path cosineCheckpoint() throws Exception {
    Path cosine = dir.resolve("run/cosine");
    try (NDManager manager = NDManager.newBaseManager()) {
      Checkpoint.save(
          cosine,
          ExportFixtures.info(SPEC, Metric.COSINE),
          Checkpoint.load(checkpoint, manager).tower());
    }
    return cosine;
  }

  @Test
  void exportTakesTheMetricFromTheCheckpointAndHasNoOptionToOverrideIt() throws Exception {
    Path cosine = cosineCheckpoint();
    Path repo = dir.resolve("m");

    Run refused =
        run(
            new ExportCommand(),
            "--checkpoint",
            "" + cosine,
            "--model-repo",
            "" + repo,
            "--metric",
            "euclidean");
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err()).contains("--metric");
    assertThat(repo).doesNotExist();

    Run exported = run(new ExportCommand(), "--checkpoint", "" + cosine, "--model-repo", "" + repo);
    assertThat(exported.code()).as(exported.err()).isZero();
    assertThat(SiameseGraphs.readCard(repo.resolve("siamese-embedding/1/model.onnx")).metric())
        .isEqualTo("cosine");
    assertThat(SiameseGraphs.readCard(repo.resolve("siamese-distance/1/model.onnx")).metric())
        .isEqualTo("cosine");
  }

  @Test
  void distanceMeasuresUnderTheCheckpointsMetric() throws Exception {
    Path cosine = cosineCheckpoint();

    Run run = run(new DistanceCommand(), "--checkpoint", "" + cosine, "" + imageA, "" + imageB);

    assertThat(run.code()).as(run.err()).isZero();
    JsonNode json = JSON.readTree(run.out());
    double distance = Metric.COSINE.between(expected[0], expected[1]);
    assertThat(distance)
        .isNotCloseTo(Metric.EUCLIDEAN.between(expected[0], expected[1]), within(1e-3));
    assertThat(json.get("distance").asDouble()).isCloseTo(distance, within(1e-6));
    assertThat(json.get("metric").asText()).isEqualTo("cosine");
    assertThat(json.get("similar").asBoolean()).isEqualTo(distance < info.threshold());
  }
}
