package io.siameseonnx.server.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.siameseonnx.model.testing.RequiredTools;
import io.siameseonnx.model.testing.TestRepository;
import io.siameseonnx.server.SiameseServer;
import io.siameseonnx.server.support.Http;
import io.siameseonnx.server.support.Http.Part;
import io.siameseonnx.server.support.Images;
import io.siameseonnx.server.support.ServerFixture;
import io.siameseonnx.server.support.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo page in Debian's headless Chromium: pick two PNGs, compare, and see what {@code POST
 * /v1/distance} says for the same files. Skips where {@code /usr/bin/chromium} or {@code
 * /usr/bin/chromedriver} is missing ({@code apt-get install chromium chromium-driver}).
 */
class DemoBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  /** Where the screenshot of the compared page goes, for a person to look at. */
  private static final Path SCREENSHOT = Path.of(System.getProperty("java.io.tmpdir"), "demo.png");

  /** A wait, not a timed assertion: a loaded CI machine may be slow to start Chromium. */
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir static Path repo;
  @TempDir static Path work;
  static SiameseServer open;
  static SiameseServer keyed;
  static ChromeDriverService service;
  static ChromeDriver driver;
  static Path imageA;
  static Path imageB;

  @BeforeAll
  static void start() throws Exception {
    RequiredTools.require(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "/usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium chromium-driver)");
    new TestRepository(repo).writeVersion(1);
    open =
        TestServers.ready(
            TestServers.config(repo)
                .withGalleryDir(Files.createDirectory(work.resolve("galleries"))));
    keyed = TestServers.ready(TestServers.config(repo).withApiKeys(Set.of("demo-key")));
    imageA = Files.write(work.resolve("a.png"), Images.png(32, 32, 11));
    imageB = Files.write(work.resolve("b.png"), Images.png(32, 32, 12));

    // The driver is given explicitly: Selenium Manager must not look for or download one.
    System.setProperty("SE_OFFLINE", "true");
    service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .withLogFile(work.resolve("chromedriver.log").toFile())
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1000,1000",
        "--user-data-dir=" + Files.createDirectory(work.resolve("profile")));
    driver = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (service != null) {
      service.stop();
    }
    if (open != null) {
      open.close();
    }
    if (keyed != null) {
      keyed.close();
    }
  }

  private static JsonNode apiDistance(Http http) throws Exception {
    Http.Reply reply =
        http.postMultipart(
            "/v1/distance",
            List.of(
                Part.file("a", Files.readAllBytes(imageA)),
                Part.file("b", Files.readAllBytes(imageB))));
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.json();
  }

  /** Opens the page, picks both images, clicks Compare and waits for a verdict. */
  private static void compareInBrowser(String base, String apiKey) {
    driver.get(base + "/");
    WebDriverWait wait = new WebDriverWait(driver, WAIT);
    if (apiKey != null) {
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")));
      driver.findElement(By.id("api-key")).sendKeys(apiKey);
      driver.findElement(By.id("use-key")).click();
    }
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#card table")));
    driver.findElement(By.id("image-a")).sendKeys(imageA.toString());
    driver.findElement(By.id("image-b")).sendKeys(imageB.toString());
    // Choosing both already starts a comparison; the button repeats it once it is free.
    wait.until(ExpectedConditions.elementToBeClickable(By.id("compare"))).click();
    wait.until(d -> !d.findElement(By.id("verdict")).getText().isBlank());
  }

  private static String text(WebDriver d, String id) {
    return d.findElement(By.id(id)).getText().strip();
  }

  @Test
  void theVerdictAndDistanceShownAreWhatTheApiReturns() throws Exception {
    ServerFixture.http(
        open,
        http -> {
          JsonNode expected = apiDistance(http);
          compareInBrowser(http.base(), null);

          String verdict = text(driver, "verdict");
          assertThat(verdict).isEqualTo(expected.get("similar").asBoolean() ? "same" : "different");
          assertThat(driver.findElement(By.id("verdict")).getAttribute("class")).contains(verdict);
          assertThat(
                  Double.parseDouble(
                      driver.findElement(By.id("distance")).getAttribute("data-value")))
              .isCloseTo(expected.get("distance").asDouble(), within(1e-9));
          assertThat(text(driver, "distance"))
              .isEqualTo(
                  String.format(
                      java.util.Locale.ROOT, "%.4f", expected.get("distance").asDouble()));
          assertThat(text(driver, "threshold"))
              .isEqualTo(
                  String.format(
                      java.util.Locale.ROOT, "%.4f", expected.get("threshold").asDouble()));
          assertThat(
                  Double.parseDouble(
                      driver.findElement(By.id("threshold")).getAttribute("data-value")))
              .isEqualTo(expected.get("threshold").asDouble());
          assertThat(text(driver, "error")).isEmpty();
          String card = text(driver, "card");
          assertThat(card)
              .contains("architecture")
              .contains("embedding dimension " + TestRepository.DIMENSION)
              .contains("metric euclidean")
              .contains("version 1");
          assertThat(driver.findElement(By.id("preview-a")).getAttribute("src"))
              .startsWith("blob:");

          Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
          Files.copy(shot, SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
        });
  }

  @Test
  void anImageEnrolledOnThePageIsIdentifiedAsItsSubject() {
    ServerFixture.http(
        open,
        http -> {
          driver.get(http.base() + "/");
          WebDriverWait wait = new WebDriverWait(driver, WAIT);
          wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("enrol")));
          driver.findElement(By.id("gallery-name")).clear();
          driver.findElement(By.id("gallery-name")).sendKeys("browser");
          driver.findElement(By.id("subject-name")).sendKeys("ann");
          driver.findElement(By.id("enrol-images")).sendKeys(imageA.toString());
          driver.findElement(By.id("enrol")).click();
          wait.until(d -> text(d, "gallery-status").startsWith("Enrolled"));
          assertThat(http.get("/v1/galleries/browser").json().get("examples").asInt()).isEqualTo(1);

          driver.findElement(By.id("identify-image")).sendKeys(imageA.toString());
          driver.findElement(By.id("identify")).click();
          wait.until(d -> !text(d, "identified").isEmpty());
          assertThat(driver.findElement(By.id("identified")).getAttribute("data-subject"))
              .isEqualTo("ann");
          assertThat(driver.findElements(By.cssSelector("#matches li"))).hasSize(1);
        });
  }

  @Test
  void withKeysThePageAsksForOneAndShowsTheApiError() throws Exception {
    ServerFixture.http(
        keyed,
        http -> {
          // Without a key the page still loads; the API's 401 shows in the page.
          driver.get(http.base() + "/");
          WebDriverWait wait = new WebDriverWait(driver, WAIT);
          wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")));
          driver.findElement(By.id("image-a")).sendKeys(imageA.toString());
          driver.findElement(By.id("image-b")).sendKeys(imageB.toString());
          wait.until(d -> !text(d, "error").isEmpty());
          assertThat(text(driver, "error")).contains("401").contains("unauthorized");
          assertThat(text(driver, "verdict")).isEmpty();

          JsonNode expected = apiDistance(http.withBearer("demo-key"));
          compareInBrowser(http.base(), "demo-key");
          assertThat(text(driver, "verdict"))
              .isEqualTo(expected.get("similar").asBoolean() ? "same" : "different");
          assertThat(
                  Double.parseDouble(
                      driver.findElement(By.id("distance")).getAttribute("data-value")))
              .isCloseTo(expected.get("distance").asDouble(), within(1e-9));
          assertThat(text(driver, "distance"))
              .isEqualTo(
                  String.format(
                      java.util.Locale.ROOT, "%.4f", expected.get("distance").asDouble()));
          assertThat(text(driver, "error")).isEmpty();
        });
  }
}
