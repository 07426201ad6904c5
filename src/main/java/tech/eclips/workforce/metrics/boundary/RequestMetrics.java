package tech.eclips.workforce.metrics.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import tech.eclips.workforce.metrics.control.Meters;
import tech.eclips.workforce.metrics.control.Route;

/**
 * Counts every request of the application once it is answered, by route template, method and
 * status. Mapped first in web.xml, so refusals of the other filters (a body too large, a console
 * request without a token) are counted too; those never reach JAX-RS and count as route {@code
 * unmatched}.
 */
public class RequestMetrics extends HttpFilter {

  private static final long serialVersionUID = 1L;

  @Inject transient Meters meters;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    boolean failed = true;
    try {
      chain.doFilter(request, response);
      failed = false;
    } finally {
      // An exception that escapes here becomes the container's 500 (its error page).
      meters.request(
          request.getAttribute(Route.ATTRIBUTE),
          request.getMethod(),
          failed ? HttpServletResponse.SC_INTERNAL_SERVER_ERROR : response.getStatus());
    }
  }
}
