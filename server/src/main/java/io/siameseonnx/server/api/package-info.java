/** The HTTP API: request parsing and validation, thin handlers, auth and the one error shape. */
package io.siameseonnx.server.api;
