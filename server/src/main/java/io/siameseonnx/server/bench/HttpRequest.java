package io.siameseonnx.server.bench;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One prepared HTTP request of a scenario.
 *
 * @param path the path
 * @param headers its headers besides Host and Content-Length
 * @param body the body
 */
record HttpRequest(String path, Map<String, String> headers, byte[] body) {
  /** The request's bytes on the wire (HTTP/1.1, keep-alive). */
  byte[] wire() {
    StringBuilder head = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\n");
    head.append("Host: 127.0.0.1\r\n");
    headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
    byte[] h = head.toString().getBytes(StandardCharsets.US_ASCII);
    byte[] request = new byte[h.length + body.length];
    System.arraycopy(h, 0, request, 0, h.length);
    System.arraycopy(body, 0, request, h.length, body.length);
    return request;
  }
}
