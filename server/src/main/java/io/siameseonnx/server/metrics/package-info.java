/** Prometheus metrics: requests by route and status, batch sizes, queue depth, inference time. */
package io.siameseonnx.server.metrics;
