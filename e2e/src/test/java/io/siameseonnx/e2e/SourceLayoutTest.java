package io.siameseonnx.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The source tree reads as the README says: every package of every module says in a {@code
 * package-info.java} what it is for, and no two classes of the project (main or test) share a
 * simple name, so a name found in a log or a stack trace points at one file.
 */
class SourceLayoutTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final List<String> MODULES =
      List.of("shared", "model", "trainer", "server", "e2e");

  private static List<Path> javaFiles(String sourceSet) throws IOException {
    List<Path> files = new java.util.ArrayList<>();
    for (String module : MODULES) {
      Path dir = ROOT.resolve(module).resolve("src").resolve(sourceSet).resolve("java");
      if (Files.isDirectory(dir)) {
        try (Stream<Path> walk = Files.walk(dir)) {
          walk.filter(p -> p.toString().endsWith(".java")).forEach(files::add);
        }
      }
    }
    return files;
  }

  @Test
  void everyPackageSaysWhatItIsFor() throws IOException {
    List<Path> packages =
        javaFiles("main").stream().map(Path::getParent).distinct().sorted().toList();

    assertThat(packages).hasSizeGreaterThan(20);
    for (Path dir : packages) {
      Path info = dir.resolve("package-info.java");
      assertThat(info).as("package-info of %s", ROOT.relativize(dir)).isRegularFile();
      assertThat(Files.readString(info, StandardCharsets.UTF_8))
          .as("%s", ROOT.relativize(info))
          .contains("/**");
    }
  }

  @Test
  void noTwoClassesShareASimpleName() throws IOException {
    List<Path> files =
        Stream.concat(javaFiles("main").stream(), javaFiles("test").stream())
            .filter(p -> !p.getFileName().toString().equals("package-info.java"))
            .toList();
    Map<String, List<String>> byName =
        files.stream()
            .collect(
                Collectors.groupingBy(
                    p -> p.getFileName().toString(),
                    TreeMap::new,
                    Collectors.mapping(p -> ROOT.relativize(p).toString(), Collectors.toList())));

    byName.values().removeIf(places -> places.size() == 1);

    assertThat(files).hasSizeGreaterThan(200);
    assertThat(byName).as("simple names of more than one class").isEmpty();
  }
}
