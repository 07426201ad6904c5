package it.tech.eclips.workforce.console;

import it.tech.eclips.workforce.harness.Api;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console page as a user meets it, in element ids and visible text: what the browser test does
 * and reads, without knowing how the script works inside.
 */
final class ConsoleScreen {

  private final ChromeDriver driver;
  private final WebDriverWait wait;

  ConsoleScreen(ChromeDriver driver) {
    this.driver = driver;
    this.wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    // a list re-rendered while a condition reads it: read it again
    wait.ignoring(StaleElementReferenceException.class);
  }

  /**
   * A fresh visit: no token left from an earlier test in this tab. The storage is cleared from a
   * file of the same origin that runs no script, so no sign-in in flight can write it back.
   */
  void open() {
    driver.get(Api.uri("/console/assets/console.css").toString());
    driver.executeScript("window.sessionStorage.clear()");
    driver.get(Api.uri("/console").toString());
    visible("token");
  }

  /** Pastes the token and signs in, as a developer does; returns the header's "who" line. */
  String signIn(String token) {
    open();
    WebElement field = byId("token");
    field.clear();
    field.sendKeys(token);
    byId("sign-in-button").click();
    return visible("who-text").getText();
  }

  void go(String view) {
    byId("nav-" + view).click();
    visible("view-" + view);
  }

  WebElement byId(String id) {
    return driver.findElement(By.id(id));
  }

  WebElement visible(String id) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
  }

  boolean shown(String id) {
    return byId(id).isDisplayed();
  }

  /** Waits until the polite status line contains the text; returns it. */
  String status(String containing) {
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), containing));
    return byId("status").getText();
  }

  String alert() {
    return byId("alert").getText();
  }

  <T> T until(Function<WebDriver, T> condition) {
    return wait.until(condition);
  }

  /** The newest key's row with this name, once the list shows one. */
  WebElement keyRow(String name) {
    return until(d -> keyRows(name).stream().findFirst().orElse(null));
  }

  /** The rows of keys with this name, newest first (a rotated key's successor keeps its name). */
  List<WebElement> keyRows(String name) {
    return all("#keys-rows tr[data-key-id]").stream()
        .filter(r -> r.findElement(By.tagName("th")).getText().equals(name))
        .toList();
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  void type(String id, String text) {
    WebElement field = byId(id);
    field.clear();
    field.sendKeys(text);
  }

  WebElement focused() {
    return driver.switchTo().activeElement();
  }

  void press(CharSequence keys) {
    new Actions(driver).sendKeys(keys).perform();
  }

  void pressShiftTab() {
    new Actions(driver).keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
  }

  /** Presses the key until the element has the focus, at most ten times. */
  void pressUntilFocused(CharSequence key, String id) {
    for (int i = 0; i < 10 && !id.equals(focused().getDomAttribute("id")); i++) {
      press(key);
    }
    if (!id.equals(focused().getDomAttribute("id"))) {
      throw new AssertionError(id + " never got the focus from the keyboard");
    }
  }

  String source() {
    return driver.getPageSource();
  }

  /** Everything the page keeps in web storage, as one string. */
  String storage() {
    return (String)
        driver.executeScript(
            "return JSON.stringify(window.sessionStorage) + JSON.stringify(window.localStorage)");
  }

  /** Every view of the console, in the order of its navigation. */
  static final List<String> VIEWS =
      List.of(
          "keys",
          "credits",
          "runs",
          "triage",
          "trust",
          "breakers",
          "documents",
          "settings",
          "webhooks",
          "audit");

  /** Opens the view and waits until it shows what it loaded (a row, a figure or a form value). */
  void goAndAwait(String view) {
    go(view);
    until(d -> "page".equals(byId("nav-" + view).getDomAttribute("aria-current")));
    String filled =
        switch (view) {
          case "keys", "runs", "triage", "trust", "breakers", "documents", "audit" ->
              "#" + view + "-rows tr";
          case "webhooks" -> "#webhook-rows tr";
          case "credits" -> "#credits-summary dd";
          case "settings" -> "#settings-form";
          default -> throw new IllegalArgumentException(view);
        };
    until(d -> !all(filled).isEmpty());
    if (view.equals("settings")) {
      until(d -> !byId("settings-auto-approve").getDomProperty("value").isEmpty());
    }
  }
}
