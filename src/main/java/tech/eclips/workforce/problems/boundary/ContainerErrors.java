package tech.eclips.workforce.problems.boundary;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The error page for what the container refuses itself, before or outside JAX-RS (web.xml {@code
 * <error-page>}): an unparseable path, a missing JWT on the console, an exception no mapper took.
 * Answers the same problem+json as the API; never a stack trace.
 */
@WebServlet(urlPatterns = ContainerErrors.PATH)
public class ContainerErrors extends HttpServlet {

  private static final long serialVersionUID = 1L;
  static final String PATH = "/eclips-container-error";

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    boolean failed = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) != null;
    // the status the container chose; an exception without one is ours to call a 500; called
    // directly (no error at all), this path does not exist
    int status = code instanceof Integer known && known >= 400 ? known : failed ? 500 : 404;
    if (status == 401) {
      // only console and platform requests are authenticated by the container: same 401 as ours
      ServletProblems.unauthorized(request, response, request.getHeader("Authorization") != null);
      return;
    }
    ServletProblems.write(
        request, response, WebApplicationExceptionMapper.problem(status, java.util.Map.of()));
  }
}
