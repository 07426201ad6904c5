package tech.eclips.workforce.problems.boundary;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import tech.eclips.workforce.problems.control.ApiProblem;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.requests.boundary.RequestIds;
import tech.eclips.workforce.requests.control.RequestContext;
import tech.eclips.workforce.transport.boundary.StrictTransport;

/**
 * The same RFC 9457 body as {@link ProblemResponses}, for answers given outside JAX-RS: servlet
 * filters that refuse before any resource runs, and the container's own error pages.
 */
public final class ServletProblems {

  private ServletProblems() {}

  public static void write(
      HttpServletRequest request, HttpServletResponse response, ApiProblem problem)
      throws IOException {
    String id = requestId(request, response);
    byte[] body = ProblemResponses.body(problem, id).toString().getBytes(StandardCharsets.UTF_8);
    response.resetBuffer();
    StrictTransport.mark(request, response);
    response.setStatus(problem.status());
    problem.headers().forEach(response::setHeader);
    response.setContentType(ProblemResponses.PROBLEM_JSON);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
    response.flushBuffer();
  }

  /**
   * A console or platform request without a valid JWT (identity's {@code ConsoleAuthentication}).
   * RFC 6750 §3: no error code when the request carried no credentials at all. Also the answer to a
   * 401 the container makes itself ({@link ContainerErrors}): WildFly's MP-JWT mechanism refuses an
   * invalid console token before that filter runs, and the client must not be able to tell.
   */
  public static void unauthorized(
      HttpServletRequest request, HttpServletResponse response, boolean credentialsSent)
      throws IOException {
    response.setHeader("X-Content-Type-Options", "nosniff");
    write(request, response, Problems.tokenRequired(credentialsSent));
  }

  /** The request's id, or a new one when the refusal came before the id filter ran. */
  private static String requestId(HttpServletRequest request, HttpServletResponse response) {
    Object known = request.getAttribute(RequestContext.REQUEST_ID_ATTRIBUTE);
    String id = known != null ? known.toString() : RequestIds.newId();
    request.setAttribute(RequestContext.REQUEST_ID_ATTRIBUTE, id);
    response.setHeader("X-Request-Id", id);
    return id;
  }
}
