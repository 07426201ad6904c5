package tech.eclips.workforce.requests.boundary;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
import tech.eclips.workforce.requests.control.RequestContext;

/**
 * Gives every request an id of ours ({@code req_…}) and every response its {@code X-Request-Id}. A
 * client's own header is not echoed: ids that reach logs and the audit trail are never client text.
 * Ids must be unique, not secret (119 random bits), so a fast per-thread generator serves.
 */
public class RequestIds extends HttpFilter {

  private static final long serialVersionUID = 1L;
  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final int LENGTH = 20;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String id = newId();
    request.setAttribute(RequestContext.REQUEST_ID_ATTRIBUTE, id);
    response.setHeader("X-Request-Id", id);
    chain.doFilter(request, response);
  }

  /** A new id; public for refusals that come before this filter (see ServletProblems). */
  public static String newId() {
    StringBuilder id = new StringBuilder("req_");
    for (int i = 0; i < LENGTH; i++) {
      id.append(BASE62.charAt(ThreadLocalRandom.current().nextInt(BASE62.length())));
    }
    return id.toString();
  }
}
