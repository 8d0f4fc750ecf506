package io.siameseonnx.model.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
}
