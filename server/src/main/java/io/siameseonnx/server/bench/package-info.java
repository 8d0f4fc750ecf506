/** The benchmark command and the ONNX models it (and the tests) can generate. */
package io.siameseonnx.server.bench;
