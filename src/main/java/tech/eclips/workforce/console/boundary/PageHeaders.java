package tech.eclips.workforce.console.boundary;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The headers every console file is sent with. The policy allows only this origin's own script,
 * style and API (no inline script or style, no eval, no framing, no form posting anywhere): an
 * injected string can at worst be text, and the page can never be framed for clickjacking.
 */
final class PageHeaders {

  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
          + " connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

  private PageHeaders() {}

  static void apply(HttpServletResponse response) {
    response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("X-Content-Type-Options", "nosniff");
    // the page never sends where it came from, so no address (or fragment remnant) leaks onwards
    response.setHeader("Referrer-Policy", "no-referrer");
    response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    response.setHeader("Cross-Origin-Resource-Policy", "same-origin");
    response.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    // revalidated on every load, so a new release never meets an old script
    response.setHeader("Cache-Control", "no-cache");
  }
}
