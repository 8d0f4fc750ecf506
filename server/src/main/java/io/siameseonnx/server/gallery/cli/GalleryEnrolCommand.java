package io.siameseonnx.server.gallery.cli;

import io.siameseonnx.model.repository.ModelRepository;
import io.siameseonnx.server.gallery.BulkLoad;
import io.siameseonnx.server.gallery.BulkLoadResult;
import io.siameseonnx.server.gallery.Gallery;
import io.siameseonnx.server.gallery.GalleryConflictException;
import io.siameseonnx.server.gallery.GalleryNotFoundException;
import io.siameseonnx.server.gallery.GallerySettings;
import io.siameseonnx.server.gallery.GalleryStore;
import io.siameseonnx.server.gallery.ModelRef;
import io.siameseonnx.server.gallery.ModelStamp;
import io.siameseonnx.server.gallery.StoredExample;
import io.siameseonnx.server.gallery.VectorIndexOptions;
import io.siameseonnx.server.models.ModelSource;
import io.siameseonnx.server.runtime.ModelLoadException;
import io.siameseonnx.server.runtime.OnnxModel;
import io.siameseonnx.server.runtime.RuntimeOptions;
import io.siameseonnx.shared.image.ImagePreprocessor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gallery enrol}: enrols a class folder (each subfolder a subject, each readable image in it
 * an example) with the repository's newest model, offline, in one bulk load; unreadable files are
 * skipped and counted.
 */
@Command(
    name = "enrol",
    mixinStandardHelpOptions = true,
    description = {
      "Enrols a class folder (each subfolder a subject) with the newest model of the repository,"
          + " creating the gallery when missing. Unreadable files are skipped and counted."
    })
public final class GalleryEnrolCommand implements Callable<Integer> {
  @Mixin GalleryDirOption target;

  @Option(
      names = "--model-repo",
      defaultValue = "${env:SIAMESE_MODEL_REPO:-models}",
      description = "Model repository. Env SIAMESE_MODEL_REPO. Default: ${DEFAULT-VALUE}")
  Path modelRepo;

  @Option(
      names = "--model-name",
      defaultValue = "${env:SIAMESE_MODEL_NAME:-siamese-embedding}",
      description = "The embedding model's folder. Default: ${DEFAULT-VALUE}")
  String modelName;

  @Option(
      names = "--batch-size",
      defaultValue = "64",
      description = "Images embedded in one ONNX Runtime call. Default: ${DEFAULT-VALUE}")
  int batchSize;

  @Parameters(paramLabel = "DIR", description = "The class folder: one subfolder a subject.")
  Path folder;

  /** What an enrolment did. */
  record Outcome(long enrolled, int subjects, int skipped) {}

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(folder)) {
      System.err.println("gallery enrol: " + folder + " is not a folder");
      return 2;
    }
    try (OnnxModel model = newestModel();
        GalleryStore store = GalleryStore.open(target.galleryDir, VectorIndexOptions.DEFAULTS)) {
      ModelStamp stamp = ModelStamp.of(model.card(), model.version());
      boolean created = false;
      Gallery gallery;
      try {
        gallery = store.gallery(target.gallery);
      } catch (GalleryNotFoundException e) {
        created = store.create(target.gallery, GallerySettings.NONE, stamp).created();
        gallery = store.gallery(target.gallery);
      }
      if (!gallery.model().sameModel(stamp)) {
        throw new GalleryConflictException(
            "gallery "
                + target.gallery
                + " holds embeddings of "
                + gallery.model().label()
                + "; the repository's newest model is "
                + stamp.label());
      }
      Outcome outcome = enrol(gallery, model, stamp, created, System.err);
      System.out.println(
          "enrolled "
              + outcome.enrolled()
              + " examples of "
              + outcome.subjects()
              + " subjects into gallery "
              + target.gallery
              + " with "
              + stamp.label()
              + "; skipped "
              + outcome.skipped()
              + " unreadable files");
      return 0;
    }
  }

  private OnnxModel newestModel() throws ModelLoadException {
    ModelSource source = new ModelSource(modelRepo, modelName);
    List<ModelRepository.Version> versions = source.versions();
    ModelLoadException last = null;
    for (int i = versions.size() - 1; i >= 0; i--) {
      ModelRepository.Version version = versions.get(i);
      try {
        return OnnxModel.load(version.modelFile(), version.number(), RuntimeOptions.cpu());
      } catch (ModelLoadException e) {
        System.err.println("skipping version " + version.number() + ": " + e.getMessage());
        last = e;
      }
    }
    throw last != null ? last : new ModelLoadException(source.modelDir(), "no model version");
  }

  private Outcome enrol(
      Gallery gallery, OnnxModel model, ModelStamp stamp, boolean created, PrintStream progress)
      throws IOException, ai.onnxruntime.OrtException {
    List<Path> subjects = sortedEntries(folder, true);
    int total = 0;
    for (Path subject : subjects) {
      total += sortedEntries(subject, false).size();
    }
    ImagePreprocessor preprocessor = new ImagePreprocessor(model.card().preprocessing());
    ModelRef ref = ModelRef.of(stamp);
    Instant now = Instant.now();
    int seen = 0;
    int skipped = 0;
    List<String> batchSubjects = new ArrayList<>(batchSize);
    List<float[]> batchTensors = new ArrayList<>(batchSize);
    try (BulkLoad load = gallery.bulkLoad()) {
      for (Path subject : subjects) {
        String name = subject.getFileName().toString();
        for (Path file : sortedEntries(subject, false)) {
          seen++;
          try {
            batchTensors.add(preprocessor.fromBytes(Files.readAllBytes(file)));
            batchSubjects.add(name);
          } catch (IOException | RuntimeException e) {
            skipped++;
          }
          if (batchTensors.size() == batchSize) {
            flush(load, model, ref, now, batchSubjects, batchTensors);
          }
          if (seen % 100 == 0 || seen == total) {
            progress.print(bar(seen, total, skipped));
          }
        }
      }
      flush(load, model, ref, now, batchSubjects, batchTensors);
      progress.println();
      BulkLoadResult result = load.finish(created);
      return new Outcome(result.examples(), subjects.size(), skipped);
    }
  }

  private static void flush(
      BulkLoad load,
      OnnxModel model,
      ModelRef ref,
      Instant now,
      List<String> subjects,
      List<float[]> tensors)
      throws ai.onnxruntime.OrtException {
    if (tensors.isEmpty()) {
      return;
    }
    float[][] embeddings = model.embed(tensors.toArray(float[][]::new));
    List<StoredExample> examples = new ArrayList<>(tensors.size());
    for (int i = 0; i < tensors.size(); i++) {
      examples.add(
          new StoredExample(
              UUID.randomUUID().toString(),
              subjects.get(i),
              Optional.empty(),
              ref,
              now,
              embeddings[i],
              tensors.get(i)));
    }
    load.add(examples);
    subjects.clear();
    tensors.clear();
  }

  /** {@code \r[#####.....] 1200/5000 files, 3 skipped}: one line, redrawn. */
  static String bar(int done, int total, int skipped) {
    int width = 30;
    int filled = total == 0 ? width : (int) ((long) done * width / total);
    return "\r["
        + "#".repeat(filled)
        + ".".repeat(width - filled)
        + "] "
        + done
        + "/"
        + total
        + " files, "
        + skipped
        + " skipped";
  }

  private static List<Path> sortedEntries(Path dir, boolean folders) throws IOException {
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path entry : stream) {
        if (!entry.getFileName().toString().startsWith(".")
            && (folders ? Files.isDirectory(entry) : Files.isRegularFile(entry))) {
          entries.add(entry);
        }
      }
    }
    entries.sort(null);
    return entries;
  }
}
