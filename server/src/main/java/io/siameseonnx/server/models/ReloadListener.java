package io.siameseonnx.server.models;

/** Receives the outcome of model loads, for metrics. */
public interface ReloadListener {
  /**
   * A version was loaded and swapped in, or failed to load.
   *
   * @param version the version tried
   * @param success whether it is now being served
   */
  void onLoad(long version, boolean success);

  /** A listener that ignores everything. */
  ReloadListener NONE = (version, success) -> {};
}
