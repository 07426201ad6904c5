package tech.eclips.workforce.sessions.boundary;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;

/**
 * The two cookies of the console's sign-in, written as headers so that every attribute is exactly
 * this on every server: {@code __Host-} (only over HTTPS, no Domain, Path=/), HttpOnly (no script
 * reads them), Secure, and SameSite=Lax (sent on the provider's top-level redirect back, never on a
 * cross-site subrequest or POST). Browsers accept Secure cookies over plain HTTP only from
 * localhost: the sign-in needs HTTPS anywhere else.
 */
final class SessionCookies {

  static final String SESSION = "__Host-eclips-console";
  static final String SIGN_IN = "__Host-eclips-sign-in";

  private SessionCookies() {}

  static String read(HttpServletRequest request, String name) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return null;
    }
    for (Cookie cookie : cookies) {
      if (cookie.getName().equals(name)) {
        return cookie.getValue();
      }
    }
    return null;
  }

  static void set(HttpServletResponse response, String name, String value, Duration maxAge) {
    response.addHeader(
        "Set-Cookie",
        name
            + "="
            + value
            + "; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age="
            + Math.max(0, maxAge.toSeconds()));
  }

  static void clear(HttpServletResponse response, String name) {
    set(response, name, "", Duration.ZERO);
  }
}
