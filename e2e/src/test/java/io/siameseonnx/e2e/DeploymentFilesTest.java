package io.siameseonnx.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Checks what can be checked of the container and Kubernetes files without a Docker engine or a
 * cluster: manifests parse into Kubernetes' typed models with no unknown field, their names and
 * probes line up with the server's endpoints, and each Dockerfile's build stage names files,
 * modules and Maven profiles that exist.
 */
class DeploymentFilesTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path K8S = ROOT.resolve("docker/k8s");

  private static <T extends HasMetadata> T load(String file, Class<T> type) throws IOException {
    try (InputStream in = Files.newInputStream(K8S.resolve(file))) {
      T object = Serialization.unmarshal(in, type);
      assertThat(object).as(file).isNotNull();
      return object;
    }
  }

  @Test
  void theDeploymentProbesTheServersHealthEndpointsAndMountsTheModels() throws IOException {
    Deployment d = load("deployment.yaml", Deployment.class);
    Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(d.getAdditionalProperties()).as("unknown fields").isEmpty();
    assertThat(d.getSpec().getAdditionalProperties()).as("unknown fields").isEmpty();
    assertThat(c.getAdditionalProperties()).as("unknown fields").isEmpty();
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
    assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health/live");
    assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(c.getResources().getLimits()).containsKey("memory");
    assertThat(c.getPorts().get(0).getContainerPort()).isEqualTo(8080);
    assertThat(c.getEnv()).anySatisfy(e -> assertThat(e.getName()).isEqualTo("SIAMESE_MODEL_REPO"));
    assertThat(c.getVolumeMounts().get(0).getMountPath()).isEqualTo("/models");
    assertThat(d.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
    String claim =
        d.getSpec()
            .getTemplate()
            .getSpec()
            .getVolumes()
            .get(0)
            .getPersistentVolumeClaim()
            .getClaimName();
    assertThat(load("pvc.yaml", PersistentVolumeClaim.class).getMetadata().getName())
        .isEqualTo(claim);
    assertThat(d.getSpec().getSelector().getMatchLabels())
        .isEqualTo(d.getSpec().getTemplate().getMetadata().getLabels());
  }

  @Test
  void theServiceAndTheAutoscalerPointAtTheDeployment() throws IOException {
    Deployment d = load("deployment.yaml", Deployment.class);
    Service s = load("service.yaml", Service.class);
    HorizontalPodAutoscaler hpa = load("hpa.yaml", HorizontalPodAutoscaler.class);

    Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();
    assertThat(podLabels).containsAllEntriesOf(s.getSpec().getSelector());
    assertThat(s.getSpec().getPorts().get(0).getTargetPort().getStrVal()).isEqualTo("http");
    assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(d.getMetadata().getName());
    assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
    assertThat(hpa.getSpec().getMaxReplicas()).isGreaterThan(hpa.getSpec().getMinReplicas());
  }

  @Test
  void theTrainingJobExportsIntoTheSharedRepository() throws IOException {
    Job job = load("train-job.yaml", Job.class);
    Container c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getArgs()).containsSequence("--model-repo", "/models");
    assertThat(c.getVolumeMounts().get(0).getMountPath()).isEqualTo("/models");
  }

  @Test
  void everyDockerfileBuildsWithFilesModulesAndProfilesThatExist() throws IOException {
    String serverPom = Files.readString(ROOT.resolve("server/pom.xml"), StandardCharsets.UTF_8);
    String parentPom = Files.readString(ROOT.resolve("pom.xml"), StandardCharsets.UTF_8);
    List<String> reactorModules = new ArrayList<>();
    Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(parentPom);
    while (module.find()) {
      reactorModules.add(module.group(1));
    }
    assertThat(reactorModules).contains("shared", "trainer", "server");
    for (String name : List.of("server-cpu", "server-cuda", "trainer")) {
      Path file = ROOT.resolve("docker/" + name + ".Dockerfile");
      String text = Files.readString(file, StandardCharsets.UTF_8);
      assertThat(text).as(name).contains(" AS build").contains("USER 10001");
      List<String> sources = copySources(text);
      for (String source : sources) {
        assertThat(ROOT.resolve(source)).as(name + " copies " + source).exists();
      }
      for (String m : reactorModules) {
        // Maven refuses to start when a module of the parent POM is missing.
        assertThat(sources).as(name + " copies module " + m).containsAnyOf(m + "/", m + "/pom.xml");
      }
      Matcher modules = Pattern.compile("-pl (\\w+)").matcher(text);
      while (modules.find()) {
        assertThat(ROOT.resolve(modules.group(1) + "/pom.xml")).as(name).exists();
      }
      Matcher profiles = Pattern.compile("-P(\\w+)").matcher(text);
      while (profiles.find()) {
        assertThat(serverPom).as(name).contains("<id>" + profiles.group(1) + "</id>");
      }
      if (name.startsWith("server")) {
        assertThat(text).contains("HEALTHCHECK").contains("/health/ready").contains("EXPOSE 8080");
      }
    }
  }

  @Test
  void composeRunsTheTrainerBeforeTheServer() throws IOException {
    String compose = Files.readString(ROOT.resolve("docker/compose.yaml"), StandardCharsets.UTF_8);
    @SuppressWarnings("unchecked")
    Map<String, Object> doc = Serialization.unmarshal(compose, Map.class);
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> services =
        (Map<String, Map<String, Object>>) doc.get("services");
    assertThat(services).containsKeys("trainer", "server", "server-gpu");
    assertThat(services.get("server").get("depends_on").toString())
        .contains("trainer")
        .contains("service_completed_successfully");
    for (Map<String, Object> service : services.values()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> build = (Map<String, Object>) service.get("build");
      assertThat(
              ROOT.resolve("docker")
                  .resolve((String) build.get("context"))
                  .resolve((String) build.get("dockerfile")))
          .exists();
    }
  }

  /** The local sources of COPY lines without --from. */
  private static List<String> copySources(String dockerfile) {
    List<String> out = new ArrayList<>();
    for (String line : dockerfile.split("\n")) {
      String l = line.trim();
      if (l.startsWith("COPY ") && !l.contains("--from")) {
        String[] parts = l.substring(5).trim().split("\\s+");
        for (int i = 0; i < parts.length - 1; i++) {
          out.add(parts[i]);
        }
      }
    }
    return out;
  }
}
