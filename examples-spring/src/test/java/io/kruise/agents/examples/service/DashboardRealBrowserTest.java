package io.kruise.agents.examples.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The dashboard in a real headless browser: Debian's Chromium driven through Debian's
 * chromedriver, both at fixed paths (nothing is downloaded). The test opens the page, claims
 * through the API, and sees the counts and the chart change in the same page, without a reload
 * and without the page sending any request of its own after it opened its event stream. It saves
 * a screenshot to {@code docs/dashboard.png}.
 *
 * <p>Without Chromium and chromedriver the test is skipped, unless
 * {@code sandbox.browser.required=true} (CI sets it): then it fails.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = SandboxServiceApplication.class, properties = "sample.startup-delay=300ms")
class DashboardRealBrowserTest {

  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path SCREENSHOT = Path.of("..", "docs", "dashboard.png");
  private static final Duration WAIT = Duration.ofSeconds(20);

  @LocalServerPort int port;
  private ChromeDriver browser;

  @BeforeEach
  void openBrowser() {
    boolean installed = Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM);
    if (!installed && Boolean.getBoolean("sandbox.browser.required")) {
      throw new IllegalStateException("the browser test is required, but " + CHROMIUM + " or "
          + CHROMEDRIVER + " is missing: apt-get install chromium chromium-driver");
    }
    Assumptions.assumeTrue(installed, "Chromium and chromedriver are not installed"
        + " (apt-get install chromium chromium-driver)");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // No network beyond localhost here: keep Chromium from calling home (and failing slowly).
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-dev-shm-usage", "--window-size=1240,760");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
  }

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void claimsShowUpLiveInCountsAndChart() throws Exception {
    browser.get("http://localhost:" + port + "/");
    WebDriverWait wait = new WebDriverWait(browser, WAIT);
    // The page re-renders the table on every pushed snapshot (the pool controller's writes make
    // many): a cell found just before a render is stale when read, and is read again next poll.
    wait.ignoring(StaleElementReferenceException.class);
    wait.until(d -> "live".equals(text("#status")));
    wait.until(d -> "3".equals(cell("python", "available")) && "0".equals(cell("python",
        "claimed")) && "2".equals(cell("node", "available")));
    JavascriptExecutor js = browser;
    js.executeScript("window.sameDocument = 'yes';");
    String chartBefore = browser.findElement(By.id("claims-line")).getDomAttribute("points");
    long requestsBefore = pageRequests();

    for (int i = 0; i < 2; i++) {
      assertThat(claim("python")).isEqualTo(201);
    }
    assertThat(claim("node")).isEqualTo(201);

    wait.until(d -> "2".equals(cell("python", "claimed")) && "1".equals(cell("node", "claimed"))
        && "3".equals(text("#total-claims")));
    wait.until(d -> !browser.findElement(By.id("claims-line")).getDomAttribute("points")
        .equals(chartBefore));
    wait.until(d -> "3".equals(cell("python", "available"))
        && "2".equals(cell("node", "available")));
    assertThat(js.executeScript("return window.sameDocument;")).as("no reload").isEqualTo("yes");
    assertThat(pageRequests()).as("no polling: the page sent no request after it opened")
        .isEqualTo(requestsBefore);
    // Sandbox, SandboxSet, and the SandboxTemplate informer the pool controller resolves
    // templateRefs through
    assertThat(browser.findElements(By.cssSelector("#informers li[data-healthy='true']")))
        .hasSize(3);
    // The rate counts whole seconds: it shows once the feed's next second has gone out.
    wait.until(d -> "0.2".equals(cell("python", "rate")) && "0.1".equals(cell("node", "rate")));

    Path png = browser.getScreenshotAs(OutputType.FILE).toPath();
    Files.createDirectories(SCREENSHOT.getParent());
    Files.copy(png, SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
    assertThat(Files.size(SCREENSHOT)).isGreaterThan(10_000);
  }

  private int claim(String pool) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
        "http://localhost:" + port + "/pools/" + pool + "/claims?owner=browser-test"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  /** Requests the page has made (its resource timing entries: the stream, nothing else). */
  private long pageRequests() {
    return (Long) browser.executeScript(
        "return performance.getEntriesByType('resource').length;");
  }

  private String text(String css) {
    return browser.findElement(By.cssSelector(css)).getText();
  }

  private String cell(String pool, String column) {
    var cells = browser.findElements(By.cssSelector("tr[data-pool='" + pool + "'] td."
        + column));
    return cells.isEmpty() ? null : cells.get(0).getText();
  }
}
