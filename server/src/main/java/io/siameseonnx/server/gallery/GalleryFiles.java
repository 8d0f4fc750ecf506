package io.siameseonnx.server.gallery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siameseonnx.shared.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A gallery's folder: {@code gallery.json} (its settings), {@code CURRENT} (the name of the index
 * folder in use) and {@code index-N} folders. A re-embedding builds {@code index-N+1} beside the
 * current one and switches by rewriting {@code CURRENT} atomically, so a crash at any moment leaves
 * one complete index in use; the other folders are removed when the gallery next opens.
 */
final class GalleryFiles {
  static final String SETTINGS = "gallery.json";
  static final String CURRENT = "CURRENT";
  static final String FIRST_INDEX = "index-1";
  private static final Pattern INDEX_DIR = Pattern.compile("index-([1-9][0-9]{0,17})");
  private static final int FORMAT = 1;

  private GalleryFiles() {}

  /** What {@code gallery.json} holds. */
  record Stored(String name, Instant createdAt, GallerySettings settings) {}

  static void writeSettings(Path folder, Stored stored) throws IOException {
    ObjectNode node = GalleryJson.MAPPER.createObjectNode();
    node.put("format", FORMAT);
    node.put("name", stored.name());
    node.put("created_at", stored.createdAt().toString());
    GalleryJson.putSettings(node, stored.settings());
    AtomicFiles.write(
        folder.resolve(SETTINGS), GalleryJson.write(node).getBytes(StandardCharsets.UTF_8));
  }

  static Stored readSettings(Path folder) throws IOException {
    Path file = folder.resolve(SETTINGS);
    JsonNode node;
    try {
      node = GalleryJson.read(Files.readString(file, StandardCharsets.UTF_8));
      return new Stored(
          GalleryJson.required(node, "name").asText(),
          Instant.parse(GalleryJson.required(node, "created_at").asText()),
          GalleryJson.settings(node));
    } catch (RuntimeException e) {
      throw new IOException("invalid gallery settings " + file + ": " + e.getMessage(), e);
    }
  }

  /** The index folder in use. */
  static Path current(Path folder) throws IOException {
    Path file = folder.resolve(CURRENT);
    String name = Files.readString(file, StandardCharsets.UTF_8).trim();
    if (!INDEX_DIR.matcher(name).matches()) {
      throw new IOException(file + " names no index folder: \"" + name + "\"");
    }
    return folder.resolve(name);
  }

  /** Makes {@code index} the folder in use, atomically. */
  static void switchTo(Path folder, Path index) throws IOException {
    AtomicFiles.write(
        folder.resolve(CURRENT), (index.getFileName() + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /** The folder a re-embedding of {@code current} builds into. */
  static Path next(Path current) {
    Matcher m = INDEX_DIR.matcher(current.getFileName().toString());
    if (!m.matches()) {
      throw new IllegalArgumentException("not an index folder: " + current);
    }
    return current.resolveSibling("index-" + (Long.parseLong(m.group(1)) + 1));
  }

  /** Removes index folders other than {@code current}: left by a crash or a finished switch. */
  static void removeOthers(Path folder, Path current) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, "index-*")) {
      for (Path entry : entries) {
        if (!entry.getFileName().equals(current.getFileName())) {
          AtomicFiles.deleteRecursively(entry);
        }
      }
    }
  }
}
