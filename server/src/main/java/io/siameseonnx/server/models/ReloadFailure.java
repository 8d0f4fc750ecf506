package io.siameseonnx.server.models;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A version that failed to load while another kept serving.
 *
 * @param version the version tried
 * @param file its model file
 * @param message why it failed, one line
 * @param at when
 */
public record ReloadFailure(long version, Path file, String message, Instant at) {}
