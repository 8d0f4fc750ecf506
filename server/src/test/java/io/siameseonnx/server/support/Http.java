package io.siameseonnx.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A small loopback HTTP client for the tests: real requests, JSON and multipart bodies. */
public final class Http {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private final String base;
  private final Map<String, String> headers;

  /** A client for {@code 127.0.0.1:port}. */
  public Http(int port) {
    this("http://127.0.0.1:" + port, Map.of());
  }

  private Http(String base, Map<String, String> headers) {
    this.base = base;
    this.headers = headers;
  }

  /** The base URL, e.g. {@code http://127.0.0.1:1234}. */
  public String base() {
    return base;
  }

  /** A client that sends {@code Authorization: Bearer key}. */
  public Http withBearer(String key) {
    return new Http(base, Map.of("Authorization", "Bearer " + key));
  }

  /** A response. */
  public record Reply(int status, Map<String, List<String>> headers, String body) {
    /** The body as JSON. */
    public JsonNode json() {
      try {
        return MAPPER.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }

    /** A header's first value. */
    public Optional<String> header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream())
          .findFirst();
    }
  }

  /** A response whose body is kept as bytes (binary tensor data). */
  public record Raw(int status, Map<String, List<String>> headers, byte[] body) {
    /** A header's first value. */
    public Optional<String> header(String name) {
      return new Reply(status, headers, "").header(name);
    }

    /** The body as text. */
    public Reply text() {
      return new Reply(status, headers, new String(body, StandardCharsets.UTF_8));
    }
  }

  /** POST bytes with extra headers, keeping the answer as bytes. */
  public Raw postRaw(String path, Map<String, String> extraHeaders, byte[] body) {
    return postRaw(path, extraHeaders, HttpRequest.BodyPublishers.ofByteArray(body));
  }

  /** As {@link #postRaw}, the body sent chunked: of unknown length to the server. */
  public Raw postRawChunked(String path, Map<String, String> extraHeaders, byte[] body) {
    return postRaw(
        path,
        extraHeaders,
        HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
  }

  private Raw postRaw(
      String path, Map<String, String> extraHeaders, HttpRequest.BodyPublisher body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).POST(body);
    extraHeaders.forEach(request::header);
    headers.forEach(request::header);
    request.timeout(Duration.ofSeconds(60));
    try {
      HttpResponse<byte[]> response =
          CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Raw(response.statusCode(), response.headers().map(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** GET. */
  public Reply get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  /** POST a JSON value (serialised with Jackson). */
  public Reply postJson(String path, Object body) {
    try {
      return post(path, "application/json", MAPPER.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** POST raw bytes with a content type (null: none). */
  public Reply post(String path, String contentType, byte[] body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return send(request);
  }

  /** PUT with no body. */
  public Reply put(String path) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path)).PUT(HttpRequest.BodyPublishers.noBody()));
  }

  /** PUT a JSON value (serialised with Jackson). */
  public Reply putJson(String path, Object body) {
    try {
      return send(
          HttpRequest.newBuilder(URI.create(base + path))
              .header("Content-Type", "application/json")
              .PUT(HttpRequest.BodyPublishers.ofByteArray(MAPPER.writeValueAsBytes(body))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** DELETE. */
  public Reply delete(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
  }

  /** A part of a multipart body. */
  public record Part(String name, String fileName, byte[] content) {
    /** A file part. */
    public static Part file(String name, byte[] content) {
      return new Part(name, name + ".png", content);
    }

    /** A text field. */
    public static Part field(String name, String value) {
      return new Part(name, null, value.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** POST a multipart/form-data body. */
  public Reply postMultipart(String path, List<Part> parts) {
    String boundary = "----siamese-test-boundary";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Part part : parts) {
      StringBuilder head = new StringBuilder("--" + boundary + "\r\n");
      head.append("Content-Disposition: form-data; name=\"").append(part.name()).append('"');
      if (part.fileName() != null) {
        head.append("; filename=\"")
            .append(part.fileName())
            .append("\"\r\nContent-Type: image/png");
      }
      head.append("\r\n\r\n");
      out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
      out.writeBytes(part.content());
      out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return post(path, "multipart/form-data; boundary=" + boundary, out.toByteArray());
  }

  private Reply send(HttpRequest.Builder request) {
    headers.forEach(request::header);
    request.timeout(Duration.ofSeconds(60));
    try {
      HttpResponse<String> response =
          CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.headers().map(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Builds JSON bodies. */
  public static Map<String, Object> body(Object... keysAndValues) {
    Map<String, Object> map = new java.util.LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  /** Reads a JSON array of numbers. */
  public static float[] floats(JsonNode array) {
    float[] values = new float[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).floatValue();
    }
    return values;
  }

  /** A list of the arguments. */
  @SafeVarargs
  public static <T> List<T> list(T... items) {
    return new ArrayList<>(List.of(items));
  }
}
