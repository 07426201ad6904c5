package tech.eclips.workforce.problems.boundary;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import tech.eclips.workforce.json.JsonSupport;
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
      HttpServletRequest request,
      HttpServletResponse response,
      int status,
      String code,
      String title,
      String detail)
      throws IOException {
    String id = requestId(request, response);
    byte[] body =
        JsonSupport.object()
            .add("type", ProblemResponses.TYPE_BASE + code)
            .add("title", title)
            .add("status", status)
            .add("detail", detail)
            .add("code", code)
            .add("request_id", id)
            .build()
            .toString()
            .getBytes(StandardCharsets.UTF_8);
    response.resetBuffer();
    StrictTransport.mark(request, response);
    response.setStatus(status);
    response.setContentType(ProblemResponses.PROBLEM_JSON);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
    response.flushBuffer();
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
