/** The inference server's entry point, configuration and the HTTP app factory. */
package io.siameseonnx.server;
