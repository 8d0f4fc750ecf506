package io.siameseonnx.shared.image;

/**
 * Admits the decoding of an image once its size and sample layout are known from its header and
 * before its pixels are decoded, so that a server can bound the memory being decoded into at once:
 * a small, highly compressed file can decode to hundreds of megabytes.
 */
@FunctionalInterface
public interface DecodeGate {
  /** Admits everything at once. */
  DecodeGate OPEN = bytes -> () -> {};

  /**
   * Waits until an image whose decoding takes {@code bytes} bytes may be decoded, or throws (the
   * exception reaches the caller of {@link ImagePreprocessor#fromBytes(byte[], DecodeGate)}
   * unchanged).
   *
   * @param bytes what the decoder will allocate: the raster (width x height x the bits of all its
   *     bands) plus the float image it becomes
   * @return a permit, closed when the image has been decoded and resized
   */
  Permit admit(long bytes);

  /** The right to decode one image; closing it gives the bytes back. */
  @FunctionalInterface
  interface Permit extends AutoCloseable {
    @Override
    void close();
  }
}
