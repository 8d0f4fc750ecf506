package io.siameseonnx.server.gallery;

/**
 * What an import did.
 *
 * @param gallery the gallery imported into
 * @param created whether the import created it
 * @param examples examples imported
 */
public record ImportResult(String gallery, boolean created, long examples) {}
