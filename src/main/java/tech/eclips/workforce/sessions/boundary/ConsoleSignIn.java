package tech.eclips.workforce.sessions.boundary;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;
import tech.eclips.workforce.problems.boundary.ServletProblems;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.sessions.control.ConsoleSession;
import tech.eclips.workforce.sessions.control.ConsoleSessions;
import tech.eclips.workforce.sessions.control.OidcProvider;

/**
 * The console's sign-in, server side: {@code GET /console/sign-in} sends the browser to the
 * provider (state, nonce, PKCE, and a cookie binding the state to this browser); {@code GET
 * /console/sign-in/callback} takes the code back, redeems it and opens a session (a new cookie
 * value each time: no fixation); {@code GET /console/session} tells the page whether it is signed
 * in and gives it the session's CSRF token; {@code POST /console/sign-out} (with that token) ends
 * the session and answers the provider's end-session URL. A refused callback (an unknown, used or
 * foreign state) opens nothing and sends the browser to {@code /console?sign-in=refused}.
 */
@WebServlet(
    urlPatterns = {
      "/console/sign-in",
      "/console/sign-in/callback",
      "/console/session",
      "/console/sign-out"
    })
public class ConsoleSignIn extends HttpServlet {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = Logger.getLogger(ConsoleSignIn.class.getName());
  static final String CSRF_HEADER = "X-Eclips-Csrf";

  @Inject transient ConsoleSessions sessions;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("Referrer-Policy", "no-referrer");
    switch (request.getServletPath()) {
      case "/console/session" -> describe(request, response);
      case "/console/sign-in" -> start(request, response);
      default -> callback(request, response);
    }
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!request.getServletPath().equals("/console/sign-out")) {
      response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
      return;
    }
    response.setHeader("Cache-Control", "no-store");
    String cookie = SessionCookies.read(request, SessionCookies.SESSION);
    Optional<ConsoleSession> session =
        sessions.enabled() ? sessions.find(cookie) : Optional.empty();
    if (session.isPresent() && !SameOrigin.csrfHolds(request, session.get())) {
      ServletProblems.write(request, response, SameOrigin.refused());
      return;
    }
    Optional<URI> atProvider = session.isPresent() ? sessions.end(cookie) : Optional.empty();
    SessionCookies.clear(response, SessionCookies.SESSION);
    JsonObjectBuilder body = Json.createObjectBuilder();
    atProvider.ifPresentOrElse(
        uri -> body.add("end_session_url", uri.toString()), () -> body.addNull("end_session_url"));
    json(response, body);
  }

  private void describe(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Optional<ConsoleSession> session =
        sessions.enabled()
            ? sessions.find(SessionCookies.read(request, SessionCookies.SESSION))
            : Optional.empty();
    JsonObjectBuilder body =
        Json.createObjectBuilder()
            .add("sign_in_available", sessions.enabled())
            .add("signed_in", session.isPresent());
    session.ifPresent(s -> body.add("csrf_token", s.csrf()));
    json(response, body);
  }

  private void start(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (!sessions.enabled()) {
      ServletProblems.write(request, response, Problems.notFound("sign-in"));
      return;
    }
    try {
      ConsoleSessions.Started started = sessions.begin();
      SessionCookies.set(
          response, SessionCookies.SIGN_IN, started.browserBinding(), Duration.ofMinutes(10));
      response.sendRedirect(started.authorization().toString());
    } catch (OidcProvider.Refused e) {
      LOG.warning("console sign-in could not start: " + e.reason());
      back(response, "unavailable");
    }
  }

  private void callback(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String binding = SessionCookies.read(request, SessionCookies.SIGN_IN);
    SessionCookies.clear(response, SessionCookies.SIGN_IN);
    if (!sessions.enabled()) {
      ServletProblems.write(request, response, Problems.notFound("sign-in"));
      return;
    }
    String state = request.getParameter("state");
    try {
      if (request.getParameter("error") != null) {
        // the provider's own refusal (the person cancelled, or is not allowed this client)
        sessions.complete(state, null, binding);
      }
      ConsoleSessions.Opened opened =
          sessions.complete(state, request.getParameter("code"), binding);
      String previous = SessionCookies.read(request, SessionCookies.SESSION);
      if (previous != null) {
        sessions.end(previous);
      }
      SessionCookies.set(response, SessionCookies.SESSION, opened.cookieValue(), opened.maxAge());
      response.setStatus(HttpServletResponse.SC_SEE_OTHER);
      response.setHeader("Location", "/console");
    } catch (ConsoleSessions.ForgedState e) {
      LOG.info("console sign-in callback refused: unknown state, or started by another browser");
      back(response, "refused");
    } catch (OidcProvider.Refused e) {
      LOG.info("console sign-in failed: " + e.reason());
      back(response, "failed");
    }
  }

  /** Back to the page, which says why in words; no detail of the provider's answer is passed on. */
  private static void back(HttpServletResponse response, String outcome) {
    response.setStatus(HttpServletResponse.SC_SEE_OTHER);
    response.setHeader("Location", "/console?sign-in=" + outcome);
  }

  private static void json(HttpServletResponse response, JsonObjectBuilder body)
      throws IOException {
    byte[] bytes = body.build().toString().getBytes(StandardCharsets.UTF_8);
    response.setContentType("application/json");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }
}
