package io.siameseonnx.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siameseonnx.trainer.data.SyntheticHues;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --channels}: auto finds the colour in a folder of colour images and trains, checks and
 * exports a 3-channel model (pretrained on the embedded gray digits as three equal planes); {@code
 * --channels 1} on the same folder trains a grayscale one; the model card and the exported ONNX
 * input say which.
 */
class ColourTrainingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path root;

  private static Path hues;

  @BeforeAll
  static void writeHues() throws IOException {
    hues = root.resolve("hues");
    SyntheticHues.write(hues, 10, 5);
  }

  private static CliRun train(String channels, String name, String pretrainEpochs) {
    return CliRun.of(
        "train",
        "--pairs",
        hues,
        "--channels",
        channels,
        "--pretrain-epochs",
        pretrainEpochs,
        "--epochs",
        "1",
        "--out",
        root.resolve(name),
        "--model-repo",
        root.resolve(name + "-models"),
        "--seed",
        "3");
  }

  private static JsonNode card(String name) throws IOException {
    return JSON.readTree(root.resolve(name).resolve("model-card.json").toFile());
  }

  @Test
  void autoFindsTheColourAndExportsAThreeChannelModelThatPassesItsParityCheck() throws IOException {
    CliRun run = train("auto", "auto", "1");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("Input channels: 3 (--channels auto:");
    JsonNode card = card("auto");
    assertThat(card.get("preprocessing").get("channels").asInt()).isEqualTo(3);
    assertThat(card.get("inputs").get(0).get("shape").toString()).isEqualTo("[-1,3,32,32]");
    // The export compared ONNX Runtime with DJL on the colour test images.
    assertThat(card.get("verification").get("images").asInt()).isPositive();
    JsonNode served =
        JSON.readTree(root.resolve("auto-models/siamese-embedding/1/model-card.json").toFile());
    assertThat(served.get("preprocessing").get("channels").asInt()).isEqualTo(3);
  }

  @Test
  void oneChannelOnTheSameFolderTrainsAGrayscaleModel() throws IOException {
    CliRun run = train("1", "gray", "0");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode card = card("gray");
    assertThat(card.get("preprocessing").get("channels").asInt()).isEqualTo(1);
    assertThat(card.get("inputs").get(0).get("shape").toString()).isEqualTo("[-1,1,32,32]");
  }
}
