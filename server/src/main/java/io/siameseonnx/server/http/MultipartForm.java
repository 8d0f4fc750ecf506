package io.siameseonnx.server.http;

import io.javalin.http.Context;
import io.siameseonnx.server.service.EncodedImage;
import io.siameseonnx.server.service.ImageInput;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code multipart/form-data} body read into memory: every part's bytes by part name, in order.
 * Image parts are taken by name whether or not they carry a file name.
 */
public final class MultipartForm {
  private static final String JETTY_MULTIPART_CONFIG = "org.eclipse.jetty.multipartConfig";

  private final Map<String, List<byte[]>> parts;

  private MultipartForm(Map<String, List<byte[]>> parts) {
    this.parts = parts;
  }

  /**
   * Reads the request's parts, held in memory up to {@code maxBytes} in all.
   *
   * @throws ApiException 413 over the limit, 400 for a malformed body
   */
  public static MultipartForm read(Context ctx, long maxBytes) {
    HttpServletRequest request = ctx.req();
    int inMemory = (int) Math.min(maxBytes, Integer.MAX_VALUE - 8);
    request.setAttribute(
        JETTY_MULTIPART_CONFIG,
        new MultipartConfigElement(
            System.getProperty("java.io.tmpdir"), maxBytes, maxBytes, inMemory));
    Map<String, List<byte[]>> parts = new LinkedHashMap<>();
    try {
      Collection<Part> all = request.getParts();
      for (Part part : all) {
        if (part.getName() == null) {
          throw new ApiException(
              ErrorCode.INVALID_MULTIPART,
              "a part has no name: each part needs Content-Disposition: form-data; name=\"...\"");
        }
        try (InputStream in = part.getInputStream()) {
          parts.computeIfAbsent(part.getName(), k -> new ArrayList<>()).add(in.readAllBytes());
        } finally {
          part.delete();
        }
      }
    } catch (IOException | ServletException | IllegalStateException e) {
      if (isSizeLimit(e)) {
        throw new ApiException(
            ErrorCode.PAYLOAD_TOO_LARGE,
            "multipart body is over the limit of " + maxBytes + " bytes");
      }
      throw new ApiException(ErrorCode.INVALID_MULTIPART, describe(e));
    }
    return new MultipartForm(parts);
  }

  /** The parts with this name, in order (empty if none). */
  public List<byte[]> all(String name) {
    return parts.getOrDefault(name, List.of());
  }

  /** The first part with this name, as bytes. */
  public Optional<byte[]> first(String name) {
    List<byte[]> values = all(name);
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** The first part with this name, as UTF-8 text. */
  public Optional<String> field(String name) {
    return first(name).map(bytes -> new String(bytes, StandardCharsets.UTF_8).strip());
  }

  /** The images in the parts with this name, labelled {@code name[i]}. */
  public List<ImageInput> images(String name) {
    List<byte[]> values = all(name);
    List<ImageInput> images = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      images.add(new EncodedImage(values.get(i), name + "[" + i + "]"));
    }
    return images;
  }

  /** The image in the first part with this name, or null when there is none. */
  public ImageInput image(String name) {
    return first(name).map(bytes -> (ImageInput) new EncodedImage(bytes, name)).orElse(null);
  }

  private static boolean isSizeLimit(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null
          && message
              .toLowerCase(java.util.Locale.ROOT)
              .matches(".*(max|exceed|too large|size).*")) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /** What is wrong with the body, in its own terms: the parser's failures can be Java's. */
  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root instanceof NullPointerException) {
      // Jetty's parser reads each part's name without checking it is there.
      return String.valueOf(root.getMessage()).contains("getName()")
          ? "a part has no name: each part needs Content-Disposition: form-data; name=\"...\""
          : "malformed multipart/form-data body: a part header is missing or broken";
    }
    return "malformed multipart/form-data body: " + rootMessage(e);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null ? root.getClass().getSimpleName() : message;
  }
}
