package io.siameseonnx.server.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Speaks HTTP/1.1 over a plain socket, byte for byte, for the requests a well-behaved client
 * library refuses to send (ambiguous URIs, odd methods, {@code Expect: 100-continue} without a
 * body, one header byte at a time).
 */
public final class RawHttp implements AutoCloseable {
  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;

  /** Connects to {@code 127.0.0.1:port}; reads give up after {@code readTimeoutMillis}. */
  public RawHttp(int port, int readTimeoutMillis) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(readTimeoutMillis);
    out = socket.getOutputStream();
    in = socket.getInputStream();
  }

  /** A response as read off the wire. */
  public record Response(int status, Map<String, String> headers, String body) {
    /** A header by case-insensitive name, or null. */
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** Reads from now on give up after {@code millis}. */
  public RawHttp readTimeout(int millis) throws IOException {
    socket.setSoTimeout(millis);
    return this;
  }

  /** Sends the text as it is (CRLFs included). */
  public RawHttp send(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return this;
  }

  /** Closes the sending side: the server reads end of stream. */
  public void shutdownOutput() throws IOException {
    socket.shutdownOutput();
  }

  /** Reads one response, or null when the server closed the connection without one. */
  public Response readOrNull() throws IOException {
    try {
      return read();
    } catch (java.net.SocketException closed) {
      return null;
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("connection closed")) {
        return null;
      }
      throw e;
    }
  }

  /**
   * Reads one response: its status line, headers and a body of Content-Length bytes (or up to end
   * of stream).
   */
  public Response read() throws IOException {
    String status = line();
    if (status == null) {
      throw new IOException("connection closed before a response");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String header = line(); header != null && !header.isEmpty(); header = line()) {
      int colon = header.indexOf(':');
      headers.put(
          header.substring(0, colon).strip().toLowerCase(Locale.ROOT),
          header.substring(colon + 1).strip());
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    String length = headers.get("content-length");
    if (length != null) {
      body.writeBytes(in.readNBytes(Integer.parseInt(length)));
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      for (int size = Integer.parseInt(line().strip(), 16);
          size > 0;
          size = Integer.parseInt(line().strip(), 16)) {
        body.writeBytes(in.readNBytes(size));
        line();
      }
      line();
    } else if (status.split(" ")[1].charAt(0) != '1' && !status.contains(" 204")) {
      body.writeBytes(in.readAllBytes());
    }
    return new Response(
        Integer.parseInt(status.split(" ")[1]), headers, body.toString(StandardCharsets.UTF_8));
  }

  /** Whether the server has closed the connection (a read sees end of stream or a reset). */
  public boolean closedByServer() {
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      }
      line.write(c);
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
