package io.siameseonnx.model.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Lists a repository's content for the atomicity tests. */
public final class RepositoryAssertions {
  private RepositoryAssertions() {}

  /** Every path under {@code root}, relative and sorted ("a/1/model.onnx"); empty if absent. */
  public static List<String> tree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> !p.equals(root))
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .toList();
    }
  }

  /** The paths whose name (any component) starts with a dot: staging leftovers. */
  public static List<String> hidden(Path root) throws IOException {
    return tree(root).stream()
        .filter(p -> Stream.of(p.split("/")).anyMatch(part -> part.startsWith(".")))
        .toList();
  }
}
