package io.siameseonnx.server.oip;

import java.util.List;

/**
 * The server as the protocol describes it.
 *
 * @param name the server's name
 * @param version its version
 * @param extensions the protocol extensions it supports
 */
public record ServerMetadata(String name, String version, List<String> extensions) {
  /** Copies the extensions. */
  public ServerMetadata {
    extensions = List.copyOf(extensions);
  }
}
