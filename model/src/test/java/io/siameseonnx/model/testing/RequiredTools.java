package io.siameseonnx.model.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Tests that need a tool from outside the build (Chromium, python3-onnx): on a developer's machine
 * they are skipped, saying what to install; in CI ({@code CI=true}, where {@code .ci/run} installs
 * the tools) a missing tool fails them, so that they cannot silently stop running.
 */
public final class RequiredTools {
  private RequiredTools() {}

  /** Whether this run is CI's. */
  public static boolean inCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /**
   * Skips the test (or, in CI, fails it) unless {@code available}.
   *
   * @param available whether the tool is there
   * @param what the tool, and the Debian packages that install it
   */
  public static void require(boolean available, String what) {
    if (available) {
      return;
    }
    if (inCi()) {
      fail("CI=true and " + what + " is missing: .ci/run installs it");
    }
    assumeTrue(false, "skipped: needs " + what);
  }

  /** Debian's Python, which Debian's {@code python3-*} packages install modules for. */
  public static final Path PYTHON = Path.of("/usr/bin/python3");

  /**
   * Skips the test (or, in CI, fails it) unless {@link #PYTHON} can import {@code module}.
   *
   * @param module the Python module, e.g. {@code onnx}
   * @param debianPackage the package that installs it, e.g. {@code python3-onnx}
   */
  public static void requirePythonModule(String module, String debianPackage)
      throws IOException, InterruptedException {
    String what = PYTHON + " with " + debianPackage + " (apt-get install " + debianPackage + ")";
    require(Files.isExecutable(PYTHON), what);
    Process p =
        new ProcessBuilder(PYTHON.toString(), "-c", "import " + module)
            .redirectErrorStream(true)
            .start();
    p.getInputStream().readAllBytes();
    require(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, what);
  }
}
