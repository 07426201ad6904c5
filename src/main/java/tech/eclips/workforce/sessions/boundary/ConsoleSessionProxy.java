package tech.eclips.workforce.sessions.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import tech.eclips.workforce.problems.boundary.ServletProblems;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.sessions.control.ConsoleSession;
import tech.eclips.workforce.sessions.control.ConsoleSessions;

/**
 * The backend-for-frontend's one door to the console API: {@code /console/session/v1/<path>} with
 * the session cookie (and, for anything but GET and HEAD, the session's CSRF token) is passed on to
 * this server's own {@code /console/v1/<path>} with the session's access token, refreshed first if
 * it is about to expire. Everything the API checks for a token (signature, issuer, audience, roles,
 * the org, rate limits, audit) then applies exactly as for a script's call; the answer comes back
 * unchanged. The browser never sees the token.
 */
@WebServlet(urlPatterns = "/console/session/v1/*")
public class ConsoleSessionProxy extends HttpServlet {

  private static final long serialVersionUID = 1L;

  /** What the page sends and the API reads; nothing else of the browser's request goes on. */
  private static final List<String> FORWARDED =
      List.of("Accept", "Content-Type", "Idempotency-Key", "If-None-Match");

  /** Hop-by-hop, or set by this server's own filters on the way out. */
  private static final Set<String> NOT_RETURNED =
      Set.of(
          "connection",
          "keep-alive",
          "transfer-encoding",
          "content-length",
          "upgrade",
          "date",
          "strict-transport-security",
          "x-content-type-options");

  /** Console bodies are JSON of at most 1 MiB (RequestBounds refuses more before this runs). */
  private static final int MAX_BODY = 1024 * 1024 + 1;

  private static final Set<String> SAFE = Set.of("GET", "HEAD");

  @Inject transient ConsoleSessions sessions;

  private final transient HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setHeader("Cache-Control", "no-store");
    String cookie = SessionCookies.read(request, SessionCookies.SESSION);
    Optional<ConsoleSession> session =
        sessions.enabled() ? sessions.find(cookie) : Optional.empty();
    if (session.isEmpty()) {
      ServletProblems.write(request, response, SameOrigin.noSession());
      return;
    }
    if (!SAFE.contains(request.getMethod()) && !SameOrigin.csrfHolds(request, session.get())) {
      ServletProblems.write(request, response, SameOrigin.refused());
      return;
    }
    Optional<String> token = sessions.accessToken(cookie, session.get());
    if (token.isEmpty()) {
      SessionCookies.clear(response, SessionCookies.SESSION);
      ServletProblems.write(request, response, SameOrigin.noSession());
      return;
    }
    if (!plainPath(request)) {
      ServletProblems.write(request, response, Problems.notFound("console resource"));
      return;
    }
    byte[] body = request.getInputStream().readNBytes(MAX_BODY);
    if (body.length == MAX_BODY) {
      ServletProblems.write(request, response, Problems.payloadTooLarge(MAX_BODY - 1));
      return;
    }
    pass(request, response, token.get(), body);
  }

  private void pass(
      HttpServletRequest request, HttpServletResponse response, String token, byte[] body)
      throws IOException {
    HttpRequest.Builder upstream =
        HttpRequest.newBuilder(target(request))
            .timeout(Duration.ofSeconds(60))
            .method(
                request.getMethod(),
                body.length == 0 && SAFE.contains(request.getMethod())
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body))
            .header("Authorization", "Bearer " + token)
            .header("X-Forwarded-For", request.getRemoteAddr());
    for (String name : FORWARDED) {
      String value = request.getHeader(name);
      if (value != null) {
        upstream.header(name, value);
      }
    }
    HttpResponse<InputStream> answer;
    try {
      answer = http.send(upstream.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    response.setStatus(answer.statusCode());
    answer
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              if (!NOT_RETURNED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                response.setHeader(name, null);
                values.forEach(v -> response.addHeader(name, v));
              }
            });
    try (InputStream in = answer.body()) {
      in.transferTo(response.getOutputStream());
    }
  }

  /**
   * The raw path goes on as sent, so it must stay under /console/v1 whatever the API's server makes
   * of it: no dot segments, encoded dots or slashes, or backslashes.
   */
  private static boolean plainPath(HttpServletRequest request) {
    String raw = request.getRequestURI().toLowerCase(Locale.ROOT);
    return !raw.contains("..")
        && !raw.contains("%2e")
        && !raw.contains("%2f")
        && !raw.contains("%5c")
        && !raw.contains("\\")
        && !raw.contains("//")
        && !raw.contains(";");
  }

  private URI target(HttpServletRequest request) {
    String base = sessions.settings().orElseThrow().upstream().toString();
    String path = request.getRequestURI().substring(request.getContextPath().length());
    String rest = path.substring("/console/session".length()); // "/v1/…", as the client sent it
    String query = request.getQueryString();
    return URI.create(base + "/console" + rest + (query == null ? "" : "?" + query));
  }
}
