package tech.eclips.workforce.console.boundary;

import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.ConfigProvider;
import tech.eclips.workforce.identity.control.DevKeyRefusal;

/**
 * Whether the page may take a token by hand (pasted, or handed over in the address): only in dev
 * mode ({@code eclips.mode=dev}). Written into the page's {@code <meta
 * name="eclips-console-mode">}; anywhere else the page offers only the server's OpenID Connect
 * sign-in and never holds a token.
 */
final class ConsoleMode {

  static final String EMPTY = "<meta name=\"eclips-console-mode\" content=\"\">";

  private ConsoleMode() {}

  static boolean configured() {
    return DevKeyRefusal.isDevMode(ConfigProvider.getConfig());
  }

  static byte[] intoPage(byte[] page, boolean devMode) {
    String html = new String(page, StandardCharsets.UTF_8);
    if (!html.contains(EMPTY)) {
      throw new IllegalStateException("the console page has no mode placeholder");
    }
    return devMode
        ? html.replace(EMPTY, EMPTY.replace("content=\"\"", "content=\"dev\""))
            .getBytes(StandardCharsets.UTF_8)
        : page;
  }
}
