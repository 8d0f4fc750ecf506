/** The model repository on disk (Triton's layout), loading its newest version and hot reload. */
package io.siameseonnx.server.repository;
