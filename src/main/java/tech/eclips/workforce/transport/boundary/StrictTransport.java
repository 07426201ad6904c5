package tech.eclips.workforce.transport.boundary;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * HSTS (RFC 6797) on every response that went over HTTPS: browsers then refuse plain HTTP to this
 * host for a year. Never on plain HTTP, where the header is meaningless and would tell a
 * man-in-the-middle nothing it could not strip anyway. A proxy that terminates TLS in front of the
 * server sets it itself (docs/operations.md, "Run in production").
 */
public class StrictTransport extends HttpFilter {

  private static final long serialVersionUID = 1L;
  static final String HEADER = "Strict-Transport-Security";
  static final String VALUE = "max-age=31536000; includeSubDomains";

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    mark(request, response);
    chain.doFilter(request, response);
  }

  /**
   * Also called by answers given before this filter may have run (filters declared by annotation
   * have no guaranteed order).
   */
  public static void mark(HttpServletRequest request, HttpServletResponse response) {
    if (request.isSecure()) {
      response.setHeader(HEADER, VALUE);
    }
  }
}
