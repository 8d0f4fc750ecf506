package io.siameseonnx.server.gallery;

import io.siameseonnx.shared.io.AtomicFiles;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The galleries under one root folder ({@code --gallery-dir}), one subfolder and one Lucene index
 * each, all opened at start-up. Creating and deleting a gallery are atomic renames, so a crash
 * leaves either the whole gallery or none (the leftovers are removed at the next open).
 */
public final class GalleryStore implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(GalleryStore.class);
  private static final String CREATING = ".creating-";
  private static final String DELETING = ".deleting-";
  private static final int IMPORT_BATCH = 256;

  private final Path root;
  private final VectorIndexOptions options;
  private final Clock clock;
  private final GalleryIndex.Executors executors;
  private final ConcurrentSkipListMap<String, Gallery> galleries = new ConcurrentSkipListMap<>();
  private final Object lifecycle = new Object();
  private boolean closed;

  private GalleryStore(Path root, VectorIndexOptions options, Clock clock) {
    this.root = root;
    this.options = options;
    this.clock = clock;
    this.executors =
        new GalleryIndex.Executors(
            options.mergeWorkers() > 1 ? pool("gallery-merge", options.mergeWorkers()) : null,
            options.searchThreads() > 1 ? pool("gallery-search", options.searchThreads()) : null);
  }

  /** Opens (creating the folder if needed) every gallery under {@code root}. */
  public static GalleryStore open(Path root, VectorIndexOptions options) {
    return open(root, options, Clock.systemUTC());
  }

  /** Opens every gallery under {@code root}, with {@code clock} for enrolment times. */
  public static GalleryStore open(Path root, VectorIndexOptions options, Clock clock) {
    Objects.requireNonNull(options, "options");
    GalleryStore store = new GalleryStore(root.toAbsolutePath().normalize(), options, clock);
    try {
      store.openAll();
      return store;
    } catch (IOException | RuntimeException e) {
      store.closeQuietly();
      if (e instanceof GalleryException g) {
        throw g;
      }
      throw new GalleryStorageException("failed to open the galleries in " + root, e);
    }
  }

  private void openAll() throws IOException {
    long start = System.nanoTime();
    Files.createDirectories(root);
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (name.startsWith(CREATING) || name.startsWith(DELETING)) {
          LOG.info("removing {} left by an interrupted create or delete", entry);
          AtomicFiles.deleteRecursively(entry);
        } else if (Files.isDirectory(entry) && GalleryName.isValid(name)) {
          try {
            galleries.put(
                name, Gallery.open(new GalleryName(name), entry, options, executors, clock));
          } catch (IOException | RuntimeException e) {
            throw new GalleryStorageException("failed to open gallery " + entry, e);
          }
        } else if (!name.startsWith(".")) {
          LOG.warn("ignoring {}: not a gallery folder name", entry);
        }
      }
    }
    LOG.info(
        "opened {} galleries in {} in {} ms",
        galleries.size(),
        root,
        (System.nanoTime() - start) / 1_000_000);
  }

  /** The root folder. */
  public Path root() {
    return root;
  }

  /** The index options galleries are written with. */
  public VectorIndexOptions options() {
    return options;
  }

  /** The galleries' names, sorted. */
  public List<String> names() {
    return List.copyOf(galleries.keySet());
  }

  /**
   * The gallery called {@code name}.
   *
   * @throws InvalidGalleryNameException for a name that cannot be a gallery's
   * @throws GalleryNotFoundException when there is none
   */
  public Gallery gallery(String name) {
    GalleryName valid = new GalleryName(name);
    Gallery gallery = galleries.get(valid.value());
    if (gallery == null) {
      throw new GalleryNotFoundException(valid.value());
    }
    return gallery;
  }

  /**
   * Creates a gallery for embeddings of {@code model}; idempotent: an existing gallery with the
   * same settings is returned as it is, its model unchanged (moving it to another model is a {@link
   * Gallery#rebuild}).
   *
   * @throws GalleryConflictException when it exists with other settings
   */
  public GalleryCreation create(String name, GallerySettings settings, ModelStamp model) {
    return create(name, settings, model, null);
  }

  private GalleryCreation create(
      String name, GallerySettings settings, ModelStamp model, Instant createdAt) {
    GalleryName valid = new GalleryName(name);
    synchronized (lifecycle) {
      ensureOpen();
      Gallery existing = galleries.get(valid.value());
      if (existing != null) {
        if (!existing.settings().equals(settings)) {
          throw new GalleryConflictException(
              "gallery \""
                  + name
                  + "\" exists with other settings; delete it first to change them");
        }
        return new GalleryCreation(false, existing.describe());
      }
      Path folder = root.resolve(valid.value());
      Path staging = null;
      try {
        staging = AtomicFiles.tempDirectory(root, CREATING + valid.value() + "-");
        Gallery.initialize(
            staging,
            new GalleryFiles.Stored(
                valid.value(), createdAt == null ? clock.instant() : createdAt, settings),
            model,
            options,
            executors);
        AtomicFiles.move(staging, folder);
        Gallery gallery = Gallery.open(valid, folder, options, executors, clock);
        galleries.put(valid.value(), gallery);
        LOG.info("created gallery {} for {}", valid, model.label());
        return new GalleryCreation(true, gallery.describe());
      } catch (IOException e) {
        throw new GalleryStorageException("failed to create gallery " + folder, e);
      } finally {
        deleteQuietly(staging);
      }
    }
  }

  /** Deletes a gallery and its files (cancelling a re-embedding). */
  public void delete(String name) {
    GalleryName valid = new GalleryName(name);
    synchronized (lifecycle) {
      ensureOpen();
      Gallery gallery = galleries.remove(valid.value());
      if (gallery == null) {
        throw new GalleryNotFoundException(valid.value());
      }
      Path folder = root.resolve(valid.value());
      Path doomed = null;
      try {
        gallery.close();
        doomed = root.resolve(DELETING + valid.value() + "-" + System.nanoTime());
        AtomicFiles.move(folder, doomed);
        AtomicFiles.deleteRecursively(doomed);
        LOG.info("deleted gallery {}", valid);
      } catch (IOException e) {
        throw new GalleryStorageException("failed to delete gallery " + folder, e);
      }
    }
  }

  /**
   * Imports a JSON Lines export into {@code name}, creating it with the export's settings, model
   * and creation time when it does not exist; examples keep their ids (an id already present is
   * replaced, so an import can be repeated). A new gallery is merged into one segment afterwards.
   *
   * @throws GalleryConflictException when the export's embeddings are of another model than the
   *     existing gallery's
   * @throws InvalidGalleryRequestException for a malformed line (lines before it are imported)
   */
  public ImportResult importFrom(String name, InputStream in) {
    GalleryName valid = new GalleryName(name);
    try {
      BufferedReader reader =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
      String first = reader.readLine();
      if (first == null) {
        throw new InvalidGalleryRequestException("the export is empty");
      }
      GalleryExport.Header header = GalleryExport.readHeader(first);
      boolean created =
          create(valid.value(), header.settings(), header.model(), header.createdAt()).created();
      Gallery gallery = gallery(valid.value());
      if (!gallery.model().sameModel(header.model())) {
        throw new GalleryConflictException(
            "the export holds embeddings of "
                + header.model().label()
                + "; gallery \""
                + name
                + "\" holds "
                + gallery.model().label());
      }
      try (BulkLoad load = gallery.bulkLoad()) {
        List<StoredExample> batch = new ArrayList<>(IMPORT_BATCH);
        long lineNumber = 1;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          lineNumber++;
          if (line.isBlank()) {
            continue;
          }
          batch.add(GalleryExport.readExample(line, lineNumber));
          if (batch.size() == IMPORT_BATCH) {
            load.add(batch);
            batch.clear();
          }
        }
        if (!batch.isEmpty()) {
          load.add(batch);
        }
        BulkLoadResult result = load.finish(created);
        return new ImportResult(valid.value(), created, result.examples());
      }
    } catch (IOException e) {
      throw new GalleryStorageException("failed to import into gallery \"" + name + "\"", e);
    }
  }

  /** Closes every gallery (cancelling re-embeddings) and the store's threads. */
  @Override
  public void close() throws IOException {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
    }
    IOException failure = null;
    for (Gallery gallery : galleries.values()) {
      try {
        gallery.close();
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    galleries.clear();
    shutdown(executors.merges());
    shutdown(executors.searches());
    if (failure != null) {
      throw failure;
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the gallery store is closed");
    }
  }

  private void closeQuietly() {
    try {
      close();
    } catch (IOException | RuntimeException e) {
      LOG.warn("closing the gallery store after a failed open: {}", e.toString());
    }
  }

  private static void deleteQuietly(Path path) {
    if (path == null) {
      return;
    }
    try {
      AtomicFiles.deleteRecursively(path);
    } catch (IOException e) {
      LOG.warn("could not remove {}: {}", path, e.toString());
    }
  }

  private static void shutdown(ExecutorService executor) {
    if (executor != null) {
      executor.shutdownNow();
    }
  }

  private static ExecutorService pool(String name, int threads) {
    AtomicInteger counter = new AtomicInteger();
    ThreadFactory factory =
        runnable -> {
          Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    return Executors.newFixedThreadPool(threads, factory);
  }
}
