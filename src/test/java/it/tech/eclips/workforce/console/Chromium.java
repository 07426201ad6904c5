package it.tech.eclips.workforce.console;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium driven through Debian's chromedriver, with a fresh profile and a
 * download folder of its own. Selenium Manager is never asked for anything: the driver and the
 * browser are named explicitly, so nothing is downloaded. Missing under CI (which installs both in
 * {@code .ci/run}) is a failure; missing on a developer's machine skips with the command to run.
 */
final class Chromium implements AutoCloseable {

  static final Path BINARY = Path.of(System.getProperty("eclips.chromium", "/usr/bin/chromium"));
  static final Path DRIVER =
      Path.of(System.getProperty("eclips.chromedriver", "/usr/bin/chromedriver"));
  static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

  final ChromeDriver driver;
  final Path downloads;
  private final Path profile;

  private Chromium(ChromeDriver driver, Path profile, Path downloads) {
    this.driver = driver;
    this.profile = profile;
    this.downloads = downloads;
  }

  static Chromium startOrSkip() {
    return startOrSkip(false);
  }

  /**
   * With {@code selfSignedTls}, the test server's self-signed certificate is accepted (the sign-in
   * test needs HTTPS: its cookies are {@code Secure}).
   */
  static Chromium startOrSkip(boolean selfSignedTls) {
    if (!Files.isExecutable(BINARY) || !Files.isExecutable(DRIVER)) {
      String why =
          "Chromium or chromedriver missing ("
              + BINARY
              + ", "
              + DRIVER
              + "); install them with: apt-get install -y chromium chromium-driver";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError(why + ". CI installs them (.ci/run), so this is a failure.");
      }
      Assumptions.abort(why);
    }
    try {
      Path profile = Files.createTempDirectory("eclips-console-chromium");
      Path downloads = Files.createTempDirectory("eclips-console-downloads");
      Files.createDirectories(SCREENSHOTS);
      System.setProperty("webdriver.chrome.driver", DRIVER.toString());
      ChromeDriverService service =
          new ChromeDriverService.Builder()
              .usingDriverExecutable(DRIVER.toFile())
              .usingAnyFreePort()
              .build();
      return new Chromium(
          new ChromeDriver(service, options(profile, downloads, selfSignedTls)),
          profile,
          downloads);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ChromeOptions options(Path profile, Path downloads, boolean selfSignedTls) {
    ChromeOptions options = new ChromeOptions();
    if (selfSignedTls) {
      options.setAcceptInsecureCerts(true);
      options.addArguments("--ignore-certificate-errors");
    }
    options.setBinary(BINARY.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox", // CI runs as root
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,1000",
        "--user-data-dir=" + profile);
    options.setExperimentalOption(
        "prefs",
        Map.of(
            "download.default_directory",
            downloads.toString(),
            "download.prompt_for_download",
            false));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    options.setPageLoadStrategy(org.openqa.selenium.PageLoadStrategy.NORMAL);
    options.setScriptTimeout(Duration.ofSeconds(30));
    return options;
  }

  /** Writes target/console-screenshots/{name}.png. */
  void screenshot(String name) {
    File shot = driver.getScreenshotAs(OutputType.FILE);
    try {
      Files.copy(
          shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the page's console said since the last call (errors, CSP violations). */
  List<String> consoleMessages() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .map(LogEntry::toString)
        .toList();
  }

  @Override
  public void close() {
    driver.quit();
    for (Path folder : List.of(profile, downloads)) {
      try (var files = Files.walk(folder)) {
        files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      } catch (IOException e) {
        // a temporary folder left behind is not a test failure
      }
    }
  }
}
