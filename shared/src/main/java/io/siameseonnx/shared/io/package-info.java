/** File helpers that never leave a half-written file behind. */
package io.siameseonnx.shared.io;
