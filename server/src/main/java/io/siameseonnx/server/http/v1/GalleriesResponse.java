package io.siameseonnx.server.http.v1;

import java.util.List;

/**
 * {@code GET /v1/galleries}: every gallery, by name.
 *
 * @param galleries the galleries
 */
public record GalleriesResponse(List<GalleryResponse> galleries) {}
