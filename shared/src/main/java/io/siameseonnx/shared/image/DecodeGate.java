package io.siameseonnx.shared.image;

/**
 * Admits the decoding of an image once its size is known from its header and before its pixels are
 * decoded, so that a server can bound how many pixels are being decoded at once: a small, highly
 * compressed file can decode to hundreds of megabytes.
 */
@FunctionalInterface
public interface DecodeGate {
  /** Admits everything at once. */
  DecodeGate OPEN = pixels -> () -> {};

  /**
   * Waits until an image of {@code pixels} pixels may be decoded, or throws (the exception reaches
   * the caller of {@link ImagePreprocessor#fromBytes(byte[], DecodeGate)} unchanged).
   *
   * @return a permit, closed when the image has been decoded and resized
   */
  Permit admit(long pixels);

  /** The right to decode one image; closing it gives the pixels back. */
  @FunctionalInterface
  interface Permit extends AutoCloseable {
    @Override
    void close();
  }
}
