package io.siameseonnx.server.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siameseonnx.model.testing.TestRepository;
import io.siameseonnx.server.SiameseServer;
import io.siameseonnx.server.gallery.GalleryDescription;
import io.siameseonnx.server.gallery.GalleryNotFoundException;
import io.siameseonnx.server.gallery.GallerySettings;
import io.siameseonnx.server.gallery.Identification;
import io.siameseonnx.server.gallery.SubjectVerification;
import io.siameseonnx.server.support.Images;
import io.siameseonnx.server.support.TestServers;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GalleryServiceTest {
  @TempDir Path repo;
  @TempDir Path galleries;

  private static ImageInput png(long seed) {
    return new EncodedImage(Images.png(32, 32, seed), "images[0]");
  }

  private SiameseServer server() throws Exception {
    new TestRepository(repo).writeVersion(1);
    return TestServers.ready(TestServers.config(repo).withGalleryDir(galleries));
  }

  @Test
  void anEnrolledImageIsIdentifiedAndVerifiedAsItsSubject() throws Exception {
    try (SiameseServer server = server()) {
      GalleryService service = server.services().galleries().orElseThrow();
      service.create("staff", GallerySettings.NONE);
      service.enrol("staff", "alice", List.of(png(1), png(2)), Optional.empty());
      service.enrol("staff", "bob", List.of(png(3)), Optional.empty());

      Identification who =
          service.identify("staff", List.of(png(1)), 5, OptionalDouble.empty()).get(0);
      assertThat(who.identified()).contains("alice");
      assertThat(who.matches()).extracting(m -> m.subject()).containsExactly("alice", "bob");
      assertThat(who.matches().get(0).distance()).isLessThan(1e-4);

      SubjectVerification bob = service.verify("staff", png(3), "bob", OptionalDouble.empty());
      assertThat(bob.similar()).isTrue();
      GalleryDescription staff = service.describe("staff");
      assertThat(staff.examples()).isEqualTo(3);
      assertThat(staff.subjects()).isEqualTo(2);
      assertThat(staff.model().version()).isEqualTo(1);
    }
  }

  @Test
  void galleriesAreOpenedAgainByTheNextServer() throws Exception {
    try (SiameseServer server = server()) {
      GalleryService service = server.services().galleries().orElseThrow();
      service.create("staff", GallerySettings.NONE);
      service.enrol("staff", "alice", List.of(png(1)), Optional.empty());
    }
    try (SiameseServer server =
        TestServers.ready(TestServers.config(repo).withGalleryDir(galleries))) {
      GalleryService service = server.services().galleries().orElseThrow();
      assertThat(service.list()).extracting(GalleryDescription::name).containsExactly("staff");
      assertThat(service.examples("staff", "alice")).hasSize(1);
      service.delete("staff");
      assertThatThrownBy(() -> service.describe("staff"))
          .isInstanceOf(GalleryNotFoundException.class);
    }
  }

  @Test
  void aServerWithoutAGalleryFolderHasNoGalleryService() throws Exception {
    new TestRepository(repo).writeVersion(1);
    try (SiameseServer server = TestServers.ready(TestServers.config(repo))) {
      assertThat(server.services().galleries()).isEmpty();
    }
  }
}
