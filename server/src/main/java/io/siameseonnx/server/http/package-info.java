/**
 * What every HTTP protocol of the server shares: API keys, body reading under the size limit, the
 * mapping of failures to an HTTP status (rendered in each protocol's own error shape, chosen by
 * route prefix), health, metrics, the OpenAPI document and the demo page, and {@link
 * io.siameseonnx.server.http.DirectRoutes}, which serves the inference routes' plain requests on
 * Jetty's core API in front of Javalin. Each protocol is a sub-package ({@code v1}: the siamese
 * REST API; {@code v2}: the Open Inference Protocol).
 */
package io.siameseonnx.server.http;
