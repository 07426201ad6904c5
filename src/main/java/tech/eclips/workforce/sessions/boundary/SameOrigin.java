package tech.eclips.workforce.sessions.boundary;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import tech.eclips.workforce.problems.control.ApiProblem;
import tech.eclips.workforce.problems.control.ProblemType;
import tech.eclips.workforce.sessions.control.ConsoleSession;

/**
 * CSRF protection for every state-changing call made with a session cookie: the session's own
 * random token in {@code X-Eclips-Csrf} (a header no other site can set on a request to this
 * origin, and which only this origin's page can read from {@code /console/session}), and, where the
 * browser says where the request came from ({@code Sec-Fetch-Site}), this origin only. SameSite=Lax
 * on the cookie is a third fence, not relied on alone.
 */
final class SameOrigin {

  private SameOrigin() {}

  static boolean csrfHolds(HttpServletRequest request, ConsoleSession session) {
    String site = request.getHeader("Sec-Fetch-Site");
    if (site != null && !site.equals("same-origin")) {
      return false;
    }
    String sent = request.getHeader(ConsoleSignIn.CSRF_HEADER);
    return sent != null
        && MessageDigest.isEqual(
            sent.getBytes(StandardCharsets.UTF_8), session.csrf().getBytes(StandardCharsets.UTF_8));
  }

  static ApiProblem refused() {
    return new ApiProblem(
        ProblemType.FORBIDDEN,
        "This console call needs the session's CSRF token (X-Eclips-Csrf) and must come from this"
            + " origin.",
        List.of(),
        Map.of());
  }

  static ApiProblem noSession() {
    return new ApiProblem(
        ProblemType.UNAUTHORIZED,
        "No console session, or it has ended: sign in again.",
        List.of(),
        Map.of());
  }
}
