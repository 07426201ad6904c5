package tech.eclips.workforce.console.boundary;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Where the console's *Sign in with your identity provider* button goes ({@code
 * ECLIPS_CONSOLE_SIGN_IN_URL}): the start of the sign-in at the identity provider or the sign-in
 * proxy in front of it, which must send the browser back to {@code /console#access_token=…&state=…}
 * with the {@code state} the page added to this URL. It is written into the page's {@code <meta
 * name="eclips-sign-in-url">}; unset, the page offers no such button and accepts no hand-over.
 */
final class SignInUrl {

  static final String PROPERTY = "eclips.console.sign-in-url";
  private static final String EMPTY = "<meta name=\"eclips-sign-in-url\" content=\"\">";

  private SignInUrl() {}

  static Optional<String> configured() {
    return ConfigProvider.getConfig()
        .getOptionalValue(PROPERTY, String.class)
        .map(String::strip)
        .filter(url -> !url.isEmpty())
        .map(SignInUrl::checked);
  }

  /**
   * An https URL or a path of this origin: never a scheme a page could run ({@code javascript:}).
   */
  static String checked(String url) {
    boolean https = url.regionMatches(true, 0, "https://", 0, 8) && url.length() > 8;
    boolean path = url.startsWith("/") && !url.startsWith("//") && !url.startsWith("/\\");
    if (!https && !path) {
      throw new IllegalArgumentException(
          "ECLIPS_CONSOLE_SIGN_IN_URL must be an https:// URL or a path starting with /");
    }
    return url;
  }

  static byte[] intoPage(byte[] page, Optional<String> url) {
    if (url.isEmpty()) {
      return page;
    }
    String html = new String(page, StandardCharsets.UTF_8);
    if (!html.contains(EMPTY)) {
      throw new IllegalStateException("the console page has no sign-in URL placeholder");
    }
    String filled = EMPTY.replace("content=\"\"", "content=\"" + attribute(url.get()) + "\"");
    return html.replace(EMPTY, filled).getBytes(StandardCharsets.UTF_8);
  }

  private static String attribute(String text) {
    return text.replace("&", "&amp;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;")
        .replace("<", "&lt;")
        .replace(">", "&gt;");
  }
}
