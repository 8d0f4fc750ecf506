package io.siameseonnx.server.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability against {@code kill -9}: a real process enrols on several threads and is killed at a
 * random moment; after each kill the gallery opens and holds every enrolment the process had
 * acknowledged, and only embeddings of the gallery's own model.
 */
class GalleryCrashTest {
  @TempDir Path dir;

  private final Random random = new Random();

  @Test
  void everyAcknowledgedEnrolmentSurvivesKillDashNine() throws Exception {
    Map<String, Set<String>> acknowledged = new HashMap<>();
    for (int round = 0; round < 3; round++) {
      crashOnce("enrol", acknowledged, round);
    }
    assertThat(acknowledged.values().stream().mapToInt(Set::size).sum()).isPositive();
  }

  @Test
  void aKillDuringARebuildLosesNothingAndLeavesOneModel() throws Exception {
    Map<String, Set<String>> acknowledged = new HashMap<>();
    crashOnce("enrol", acknowledged, 0);
    for (int round = 1; round < 3; round++) {
      crashOnce("rebuild", acknowledged, round);
    }
  }

  private void crashOnce(String mode, Map<String, Set<String>> acknowledged, int round)
      throws Exception {
    Path root = dir.resolve("galleries");
    Path log = dir.resolve("enroller-" + round + ".log");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                CrashingEnroller.class.getName(),
                root.toString(),
                mode)
            .redirectError(log.toFile())
            .start();
    LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  lines.add(line);
                }
              } catch (IOException e) {
                lines.add("READ FAILED " + e);
              }
            });
    reader.start();

    int killAfter = 1 + random.nextInt(30);
    int seen = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    List<String> output = new ArrayList<>();
    while (seen < killAfter && System.nanoTime() < deadline) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line == null) {
        assertThat(process.isAlive()).as("enroller died: %s", Files.readString(log)).isTrue();
        continue;
      }
      output.add(line);
      if (line.startsWith("ACK ")) {
        seen++;
      }
    }
    assertThat(seen).as("acknowledgements before the deadline").isEqualTo(killAfter);
    Thread.sleep(random.nextInt(40));
    Process kill = new ProcessBuilder("kill", "-9", Long.toString(process.pid())).start();
    assertThat(kill.waitFor()).isZero();
    process.waitFor();
    reader.join();
    lines.drainTo(output);

    for (String line : output) {
      // An acknowledgement counts once its whole line is out, terminator included.
      if (line.startsWith("ACK ") && line.endsWith(" .")) {
        String[] parts = line.split(" ");
        acknowledged
            .computeIfAbsent(parts[1], s -> new HashSet<>())
            .addAll(Arrays.asList(parts).subList(2, parts.length - 1));
      }
    }

    try (GalleryStore store = GalleryStore.open(root, GalleryFixtures.OPTIONS)) {
      Gallery gallery = store.gallery("crash");
      ModelRef model = ModelRef.of(gallery.model());
      for (Map.Entry<String, Set<String>> subject : acknowledged.entrySet()) {
        List<ExampleInfo> examples = gallery.examples(subject.getKey());
        assertThat(examples)
            .extracting(ExampleInfo::id)
            .as("round %d (%s), subject %s", round, mode, subject.getKey())
            .containsAll(subject.getValue());
        assertThat(examples).allSatisfy(e -> assertThat(e.model()).isEqualTo(model));
      }
      try (Stream<Path> indexes = Files.list(root.resolve("crash"))) {
        assertThat(indexes.filter(p -> p.getFileName().toString().startsWith("index-"))).hasSize(1);
      }
    }
  }
}
