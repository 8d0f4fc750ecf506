package io.siameseonnx.model.repository;

import io.siameseonnx.model.card.ModelCards;
import io.siameseonnx.shared.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model repository in Triton's layout, the one place that knows it: {@code
 * <root>/<name>/config.pbtxt} and {@code <root>/<name>/<version>/model.onnx} (with {@code
 * model-card.json} beside it), model names of letters, digits, {@code _ - .}, and versions that are
 * positive integers of up to 18 digits, the newest being the highest. The trainer writes versions,
 * the server reads them, and both use this class, so neither can write what the other cannot see.
 *
 * <p>New versions are assembled in a hidden folder inside {@code <root>/<name>/} (a name Triton
 * ignores, as it is not an integer) and renamed into place, so a server watching the repository
 * never sees a partial version. A {@link Transaction} adds one version to several models at once,
 * all with the same number, and undoes everything it did unless committed.
 */
public final class ModelRepository {
  /** The model file in a version folder. */
  public static final String MODEL_FILE = "model.onnx";

  /** The model card beside the model file (the same card is inside the file). */
  public static final String CARD_FILE = ModelCards.FILE_NAME;

  /** The largest version number: 18 digits, so that every version fits a signed 64-bit integer. */
  public static final long MAX_VERSION = 999_999_999_999_999_999L;

  private static final Logger LOG = LoggerFactory.getLogger(ModelRepository.class);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
  private static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,17}");

  private final Path root;

  /**
   * One version folder of a model.
   *
   * @param number the version, a positive integer (the folder's name)
   * @param dir the version folder
   */
  public record Version(long number, Path dir) {
    /** The ONNX file. */
    public Path modelFile() {
      return dir.resolve(MODEL_FILE);
    }

    /** Whether the folder holds a model file (a server loads only those). */
    public boolean hasModelFile() {
      return Files.isRegularFile(modelFile());
    }
  }

  /** A repository rooted at {@code root}, which need not exist yet. */
  public ModelRepository(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** The repository's root folder. */
  public Path root() {
    return root;
  }

  /** The folder of a model. */
  public Path modelDir(String name) {
    return root.resolve(checkName(name));
  }

  /** The folder of one version of a model. */
  public Path versionDir(String name, long version) {
    return modelDir(name).resolve(Long.toString(version));
  }

  /** Whether a folder name is a version by this layout's rule. */
  public static boolean isVersionName(String folderName) {
    return VERSION.matcher(folderName).matches();
  }

  /**
   * The version folders of a model present now, oldest first (with or without a model file); empty
   * when the model does not exist.
   */
  public List<Version> versions(String name) throws IOException {
    Path dir = modelDir(name);
    List<Version> versions = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return versions;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        String file = entry.getFileName().toString();
        if (isVersionName(file) && Files.isDirectory(entry)) {
          versions.add(new Version(Long.parseLong(file), entry));
        }
      }
    }
    versions.sort(java.util.Comparator.comparingLong(Version::number));
    return versions;
  }

  /** The highest version number of a model, if it has any version folder. */
  public Optional<Long> latestVersion(String name) throws IOException {
    List<Version> versions = versions(name);
    return versions.isEmpty()
        ? Optional.empty()
        : Optional.of(versions.get(versions.size() - 1).number());
  }

  /**
   * Starts adding one version to each of the named models: the version number is one above the
   * highest any of them has, and each gets an empty hidden staging folder to write into.
   */
  public Transaction begin(List<String> names) throws IOException {
    long version = 1;
    for (String name : distinct(names)) {
      Optional<Long> latest = latestVersion(name);
      if (latest.isPresent()) {
        version = Math.max(version, latest.get() + 1);
      }
    }
    return begin(names, version);
  }

  /**
   * Starts adding version {@code version} to each of the named models (committing fails if one of
   * them has it already).
   */
  public Transaction begin(List<String> names, long version) throws IOException {
    distinct(names);
    if (version < 1 || version > MAX_VERSION) {
      throw new IllegalArgumentException(
          "version "
              + version
              + " of "
              + names
              + " is outside the versions this layout allows (1 to "
              + MAX_VERSION
              + ")");
    }
    Transaction tx = new Transaction(version);
    try {
      for (String name : names) {
        tx.stage(name);
      }
    } catch (IOException | RuntimeException e) {
      tx.rollback(e);
      throw e;
    }
    return tx;
  }

  private static Set<String> distinct(List<String> names) {
    Set<String> distinct = new HashSet<>();
    for (String name : names) {
      checkName(name);
      if (!distinct.add(name)) {
        throw new IllegalArgumentException("model name given twice: " + name);
      }
    }
    return distinct;
  }

  /** Checks a model name against the layout's rule; returns it. */
  public static String checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "invalid model name '" + name + "' (letters, digits, '_', '-', '.'; no leading '.')");
    }
    return name;
  }

  /**
   * One new version of several models, staged in hidden folders until {@link #commit()}; closing an
   * uncommitted transaction removes everything it wrote.
   */
  public final class Transaction implements AutoCloseable {
    private final long version;
    private final Map<String, Path> staging = new LinkedHashMap<>();
    private final Map<String, String> configs = new LinkedHashMap<>();
    private final List<Path> createdModelDirs = new ArrayList<>();
    private final Map<Path, Optional<byte[]>> replacedConfigs = new LinkedHashMap<>();
    private final List<Path> committedVersions = new ArrayList<>();
    private boolean committed;

    private Transaction(long version) {
      this.version = version;
    }

    /** The version number all models get. */
    public long version() {
      return version;
    }

    /** The hidden folder the new version of a model is written into. */
    public Path stagingDir(String name) {
      Path dir = staging.get(name);
      if (dir == null) {
        throw new IllegalArgumentException("model " + name + " is not part of this export");
      }
      return dir;
    }

    /** Where the new version of a model will be once committed. */
    public Path versionDir(String name) {
      stagingDir(name);
      return ModelRepository.this.versionDir(name, version);
    }

    /** Sets the {@code config.pbtxt} content written for a model at commit. */
    public void config(String name, String pbtxt) {
      stagingDir(name);
      configs.put(name, pbtxt);
    }

    /**
     * Writes the configurations (each atomically) and renames each staged folder into place. Undoes
     * all of it if any step fails.
     */
    public void commit() throws IOException {
      if (committed) {
        throw new IllegalStateException("transaction already committed");
      }
      try {
        for (Map.Entry<String, String> entry : configs.entrySet()) {
          Path file = modelDir(entry.getKey()).resolve(TritonConfig.FILE_NAME);
          Optional<byte[]> old =
              Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
          replacedConfigs.put(file, old);
          AtomicFiles.write(file, entry.getValue().getBytes(StandardCharsets.UTF_8));
        }
        for (Map.Entry<String, Path> entry : staging.entrySet()) {
          Path target = ModelRepository.this.versionDir(entry.getKey(), version);
          if (Files.exists(target)) {
            throw new FileAlreadyExistsException(
                target.toString(), null, "version exists already (a concurrent export?)");
          }
          renameDir(entry.getValue(), target);
          committedVersions.add(target);
        }
        committed = true;
        LOG.info("Added version {} of {} to {}", version, staging.keySet(), root);
      } catch (IOException | RuntimeException e) {
        rollback(e);
        throw e;
      }
    }

    /** Removes everything an uncommitted transaction wrote; a no-op after commit. */
    @Override
    public void close() throws IOException {
      if (committed) {
        return;
      }
      IOException failure = new IOException("failed to clean up the export to " + root);
      rollback(failure);
      if (failure.getSuppressed().length > 0) {
        throw failure;
      }
    }

    private void stage(String name) throws IOException {
      Path dir = modelDir(name);
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir);
        createdModelDirs.add(dir);
      }
      staging.put(name, AtomicFiles.tempDirectory(dir, "." + version + ".staging-"));
    }

    /** Undoes every step, newest first; problems are attached to {@code cause} as suppressed. */
    private void rollback(Exception cause) {
      for (int i = committedVersions.size() - 1; i >= 0; i--) {
        Path target = committedVersions.get(i);
        try {
          // Hide the folder first, so a watching server never sees it half-deleted.
          Path hidden =
              target.resolveSibling("." + target.getFileName() + ".rollback-" + System.nanoTime());
          renameDir(target, hidden);
          AtomicFiles.deleteRecursively(hidden);
        } catch (IOException | RuntimeException e) {
          cause.addSuppressed(e);
        }
      }
      committedVersions.clear();
      for (Map.Entry<Path, Optional<byte[]>> entry : replacedConfigs.entrySet()) {
        try {
          if (entry.getValue().isPresent()) {
            AtomicFiles.write(entry.getKey(), entry.getValue().get());
          } else {
            Files.deleteIfExists(entry.getKey());
          }
        } catch (IOException | RuntimeException e) {
          cause.addSuppressed(e);
        }
      }
      replacedConfigs.clear();
      for (Path dir : staging.values()) {
        try {
          AtomicFiles.deleteRecursively(dir);
        } catch (IOException | RuntimeException e) {
          cause.addSuppressed(e);
        }
      }
      for (Path dir : createdModelDirs) {
        try {
          AtomicFiles.deleteRecursively(dir);
        } catch (IOException | RuntimeException e) {
          cause.addSuppressed(e);
        }
      }
      createdModelDirs.clear();
    }
  }

  private static void renameDir(Path source, Path target) throws IOException {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cannot rename " + source + " to " + target + " atomically", e);
    }
  }
}
