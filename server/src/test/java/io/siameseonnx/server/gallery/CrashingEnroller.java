package io.siameseonnx.server.gallery;

import static io.siameseonnx.server.gallery.GalleryFixtures.model;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The process {@link GalleryCrashTest} kills: enrols examples on four threads forever, printing
 * {@code ACK subject id... .} once each enrolment has returned; with {@code rebuild}, it also
 * re-embeds the gallery with the next model version meanwhile, enrolling with whichever model the
 * gallery is on.
 */
public final class CrashingEnroller {
  private CrashingEnroller() {}

  /** {@code CrashingEnroller ROOT enrol|rebuild}. */
  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    boolean rebuild = args[1].equals("rebuild");
    PrintStream out = System.out;
    GalleryStore store = GalleryStore.open(root, GalleryFixtures.OPTIONS);
    if (!store.names().contains("crash")) {
      store.create("crash", GallerySettings.NONE, model(1));
    }
    Gallery gallery = store.gallery("crash");
    ExecutorService threads = Executors.newFixedThreadPool(5);
    if (rebuild) {
      ModelStamp next = model(gallery.model().version() + 1);
      TensorEmbedder slow =
          batch -> {
            try {
              Thread.sleep(2);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return GalleryFixtures.projection(next.version()).embed(batch);
          };
      gallery.rebuild(next, slow, 4, threads);
    }
    for (int t = 0; t < 4; t++) {
      long seed = System.nanoTime() + t;
      threads.submit(() -> enrolForever(gallery, new Random(seed), out));
    }
    synchronized (out) {
      out.println("READY");
      out.flush();
    }
    Thread.sleep(Long.MAX_VALUE);
  }

  private static Void enrolForever(Gallery gallery, Random random, PrintStream out) {
    while (true) {
      ModelStamp model = gallery.model();
      String subject = "s" + random.nextInt(37);
      List<NewExample> examples =
          GalleryFixtures.examples(
              random, GalleryFixtures.projection(model.version()), 1 + random.nextInt(3));
      List<String> ids;
      try {
        ids = gallery.add(subject, model, examples);
      } catch (GalleryConflictException swappedMeanwhile) {
        continue;
      }
      synchronized (out) {
        out.println("ACK " + subject + " " + String.join(" ", ids) + " .");
        out.flush();
      }
    }
  }
}
