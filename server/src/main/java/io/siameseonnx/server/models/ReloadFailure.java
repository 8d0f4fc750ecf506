package io.siameseonnx.server.models;

import java.time.Instant;

/**
 * A version that failed to load, warm up or hot-reload.
 *
 * @param version the version tried
 * @param file its model file, relative to the repository root ({@code
 *     siamese-embedding/3/model.onnx})
 * @param message why it failed, one line
 * @param at when
 */
public record ReloadFailure(long version, String file, String message, Instant at) {}
