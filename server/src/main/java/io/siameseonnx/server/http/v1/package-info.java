/**
 * The siamese REST API under {@code /v1}: JSON and multipart requests, thin handlers over the
 * services, and the {@code {"status", "error", "message"}} error shape.
 */
package io.siameseonnx.server.http.v1;
