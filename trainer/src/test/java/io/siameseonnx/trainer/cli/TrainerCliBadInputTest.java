package io.siameseonnx.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.siameseonnx.shared.image.ImageWriting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input ends with exit code 2, one line naming the problem, and nothing written. */
class TrainerCliBadInputTest {
  @TempDir Path root;

  private Path out() {
    return root.resolve("out");
  }

  private Path models() {
    return root.resolve("models");
  }

  private static void png(Path file, int level) throws IOException {
    float[] pixels = new float[16 * 16];
    Arrays.fill(pixels, level / 255f);
    Files.createDirectories(file.getParent());
    Files.write(file, ImageWriting.grayPng(pixels, 16, 16));
  }

  /** Runs {@code train} into the temp folder with the given extra arguments. */
  private CliRun train(Object... extra) {
    Object[] args =
        Stream.concat(
                Stream.of("train", "--out", out(), "--model-repo", models()), Arrays.stream(extra))
            .toArray();
    return CliRun.of(args);
  }

  private void assertRefused(CliRun run, String... mentions) throws IOException {
    assertThat(run.exitCode()).isEqualTo(TrainerCli.BAD_INPUT);
    assertThat(run.errorLines()).hasSize(1);
    assertThat(run.errorLines().get(0)).contains(mentions);
    assertNothingWritten(out());
    assertNothingWritten(models());
  }

  private static void assertNothingWritten(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> entries = Files.list(dir)) {
        assertThat(entries).as("files written into %s", dir).isEmpty();
      }
    }
  }

  @Test
  void aMissingPairsFolderIsRefusedByName() throws IOException {
    Path missing = root.resolve("no-such-folder");

    CliRun run = train("--pairs", missing, "--pretrain-epochs", "0", "--epochs", "1");

    assertRefused(run, missing.toString(), "not found");
  }

  @Test
  void aMissingPairsFolderIsRefusedBeforeAnyPretraining() throws IOException {
    Path missing = root.resolve("no-such-folder");

    CliRun run = train("--pairs", missing, "--pretrain-epochs", "1", "--epochs", "1");

    assertRefused(run, missing.toString());
  }

  @Test
  void anEmptyPairsFolderIsRefusedByName() throws IOException {
    Path empty = Files.createDirectories(root.resolve("empty"));

    CliRun run = train("--pairs", empty, "--pretrain-epochs", "0", "--epochs", "1");

    assertRefused(run, empty.toString(), "empty");
  }

  @Test
  void aPretrainingClassWithOneImageIsRefusedByName() throws IOException {
    Path data = root.resolve("pretrain");
    png(data.resolve("a/1.png"), 10);
    png(data.resolve("a/2.png"), 20);
    png(data.resolve("lonely/1.png"), 30);

    CliRun run = train("--pretrain-data", data, "--pretrain-epochs", "1", "--epochs", "1");

    assertRefused(run, data.resolve("lonely").toString(), "at least 2");
  }

  @Test
  void aPairsCsvNamingAMissingImageIsRefusedNamingBoth() throws IOException {
    Path dir = root.resolve("csv");
    png(dir.resolve("a.png"), 10);
    png(dir.resolve("b.png"), 200);
    Path csv = dir.resolve("pairs.csv");
    Files.writeString(csv, "path_a,path_b,label\na.png,b.png,0\na.png,gone.png,1\n");

    CliRun run = train("--pairs", csv, "--pretrain-epochs", "0", "--epochs", "1");

    assertRefused(run, csv.toString(), "line 3", dir.resolve("gone.png").toString());
  }

  @Test
  void idxFilesWithABadMagicNumberAreRefusedByName() throws IOException {
    Path images = Files.write(root.resolve("images.idx"), new byte[] {1, 2, 3, 4, 0, 0, 0, 9});
    Path labels = Files.write(root.resolve("labels.idx"), new byte[] {1, 2, 3, 4, 0, 0, 0, 9});

    CliRun run =
        train(
            "--pretrain-idx-images",
            images,
            "--pretrain-idx-labels",
            labels,
            "--pretrain-epochs",
            "1",
            "--epochs",
            "1");

    assertRefused(run, images.toString(), "magic");
  }

  @Test
  void anIdxImagesFileWithoutItsLabelsIsRefused() throws IOException {
    CliRun run = train("--pretrain-idx-images", root.resolve("images.idx"), "--epochs", "1");

    assertRefused(run, "--pretrain-idx-labels");
  }

  @Test
  void anUnknownPresetIsRefusedListingTheChoices() throws IOException {
    assertRefused(train("--preset", "nonsense"), "nonsense", "default", "seed");
  }

  @Test
  void anUnknownArchitectureIsRefusedListingTheChoices() throws IOException {
    assertRefused(train("--arch", "nonsense", "--epochs", "1"), "nonsense", "compact");
  }

  @ParameterizedTest(name = "--image-size {0}")
  @ValueSource(ints = {0, 7, 129, 256})
  void anImageSizeOutsideEightTo128IsRefused(int size) throws IOException {
    assertRefused(
        train("--image-size", size, "--epochs", "1"), "--image-size", "8 to 128", "not " + size);
  }

  @Test
  void anUnknownOptimizerIsRefused() throws IOException {
    assertRefused(train("--optimizer", "lion", "--epochs", "1"), "lion", "adam");
  }

  @Test
  void threeChannelsOnTheGrayRectangleTaskAreRefusedBeforeAnyTraining() throws IOException {
    assertRefused(train("--channels", "3", "--epochs", "1"), "rectangle task", "--channels 3");
  }

  @Test
  void channelsOtherThanOneThreeOrAutoAreRefused() throws IOException {
    assertRefused(train("--channels", "4", "--epochs", "1"), "--channels", "'4'", "auto");
  }

  @Test
  void anUnknownMetricIsRefused() throws IOException {
    assertRefused(train("--metric", "manhattan", "--epochs", "1"), "manhattan");
  }

  @Test
  void anUnknownAugmentationIsRefusedListingTheChoices() throws IOException {
    assertRefused(
        train("--augment", "bogus", "--epochs", "1"), "--augment", "bogus", "photo", "jitter");
  }

  @Test
  void evaluateNamingTwoModelsIsRefusedInOneLine() throws IOException {
    Path onnx = Files.writeString(root.resolve("model.onnx"), "not read");

    CliRun run =
        CliRun.of(
            "evaluate", "--out", out(), "--model", onnx, "--model-repo", models(), "--pairs", "10");

    assertRefused(run, "--checkpoint", "--model", "--model-repo");
  }

  @Test
  void evaluateOnARepositoryWithoutTheModelIsRefusedByName() throws IOException {
    Files.createDirectories(models());

    CliRun run = CliRun.of("evaluate", "--out", out(), "--model-repo", models(), "--name", "emb");

    assertRefused(run, "no version of emb", models().toString());
  }

  @Test
  void anUnknownOptionIsAUsageError() throws IOException {
    CliRun run = train("--no-such-option");

    assertThat(run.exitCode()).isEqualTo(TrainerCli.BAD_INPUT);
    assertThat(run.err()).contains("--no-such-option");
    assertNothingWritten(out());
  }

  @Test
  void anUnknownSubcommandIsAUsageError() {
    assertThat(CliRun.of("fly").exitCode()).isEqualTo(TrainerCli.BAD_INPUT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"train", "pretrain", "finetune", "evaluate"})
  void helpOnEachSubcommandSucceeds(String command) {
    CliRun run = CliRun.of(command, "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Usage:", command, "--out");
  }

  @Test
  void helpOnTheTopCommandListsTheSubcommands() {
    CliRun run = CliRun.of("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("train", "pretrain", "finetune", "evaluate");
  }

  @Test
  void supconWithMiningIsRefusedInOneLine() throws IOException {
    CliRun run = train("--pairs", "digits", "--loss", "supcon", "--mining", "semi-hard");

    assertRefused(run, "supcon", "--mining none");
  }

  @Test
  void theFewShotPresetOnPairsWithoutClassesIsRefusedInOneLine() throws IOException {
    png(root.resolve("csv/a.png"), 10);
    png(root.resolve("csv/b.png"), 200);
    Path csv =
        Files.writeString(
            root.resolve("csv/pairs.csv"), "a.png,b.png,0\na.png,a.png,1\n".repeat(6));

    CliRun run = train("--preset", "few-shot", "--pairs", csv);

    assertRefused(run, "supcon", "class-labelled");
  }

  @Test
  void anUnknownPresetIsRefusedWithTheChoices() throws IOException {
    CliRun run = train("--preset", "fast");

    assertRefused(run, "fast", "default, seed or few-shot");
  }

  @Test
  void embedWithAMissingCheckpointFolderIsRefusedByName() throws IOException {
    Path missing = root.resolve("no-checkpoint");
    png(root.resolve("a.png"), 10);

    CliRun run = CliRun.of("embed", "--checkpoint", missing, root.resolve("a.png"));

    assertRefused(run, "no checkpoint folder", missing.toString());
  }

  @Test
  void exportFromAFolderThatIsNoCheckpointNamesTheMissingFile() throws IOException {
    Path empty = Files.createDirectories(root.resolve("empty-checkpoint"));

    CliRun run = CliRun.of("export", "--checkpoint", empty, "--model-repo", models());

    assertRefused(run, "not a checkpoint", "checkpoint.json");
  }

  @Test
  void distanceWithACorruptCheckpointIsRefusedInOneLine() throws IOException {
    Path corrupt = Files.createDirectories(root.resolve("corrupt-checkpoint"));
    Files.writeString(corrupt.resolve("checkpoint.json"), "{not json");
    png(root.resolve("a.png"), 10);

    CliRun run =
        CliRun.of(
            "distance", "--checkpoint", corrupt, root.resolve("a.png"), root.resolve("a.png"));

    assertRefused(run, "cannot load checkpoint", corrupt.toString());
  }
}
