package io.siameseonnx.server.gallery;

/**
 * The outcome of an (idempotent) create.
 *
 * @param created whether the gallery is new (false: it existed with the same settings)
 * @param gallery the gallery
 */
public record GalleryCreation(boolean created, GalleryDescription gallery) {}
