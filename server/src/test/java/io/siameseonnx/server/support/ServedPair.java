package io.siameseonnx.server.support;

import io.siameseonnx.server.SiameseServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A server over both models of a tiny repository ({@link TestServers#pair}), ready before a test
 * class's tests and closed, with its repository deleted, after them:
 *
 * <pre>{@code @RegisterExtension static final ServedPair SERVED = new ServedPair(1);}</pre>
 */
public final class ServedPair implements BeforeAllCallback, AfterAllCallback {
  private final int version;
  private Path repo;
  private SiameseServer server;

  /** Models written at {@code version}. */
  public ServedPair(int version) {
    this.version = version;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    repo = Files.createTempDirectory("served-pair-");
    server = TestServers.pair(repo, version);
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    try {
      if (server != null) {
        server.close();
      }
    } finally {
      try (Stream<Path> files = Files.walk(repo)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(file);
        }
      }
    }
  }

  /** The server: loaded and warm, not started. */
  public SiameseServer server() {
    return server;
  }

  /** The embedding model's ONNX file. */
  public Path embeddingModel() {
    return TestServers.embeddingModel(repo, version);
  }
}
