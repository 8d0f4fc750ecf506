package io.siameseonnx.server.http.v1;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code PUT /v1/galleries/{g}}: the gallery's settings, all optional.
 *
 * @param threshold the decision threshold for identify and verify, or null for the model card's
 * @param metadata the client's JSON object about the gallery (at most 4 KB), or null
 */
public record GalleryRequest(Double threshold, ObjectNode metadata) {}
