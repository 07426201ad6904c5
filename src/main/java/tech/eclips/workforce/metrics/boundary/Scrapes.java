package tech.eclips.workforce.metrics.boundary;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import tech.eclips.workforce.metrics.control.Meters;
import tech.eclips.workforce.metrics.control.MetricsReader;
import tech.eclips.workforce.metrics.control.Route;
import tech.eclips.workforce.problems.boundary.ServletProblems;
import tech.eclips.workforce.problems.control.ApiProblem;
import tech.eclips.workforce.problems.control.ProblemType;
import tech.eclips.workforce.problems.control.Problems;

/**
 * {@code GET /metrics} where the server serves no metrics of its own (registered by {@link
 * MetricsEndpoint}): {@link Meters}' series as Prometheus text, as Liberty's mpMetrics serves them,
 * and protected as there: over HTTPS only, and only for the metrics user ({@link MetricsReader}),
 * {@code 401} with a Basic challenge to anyone else. Counted as route {@code /metrics}.
 */
final class Scrapes extends HttpServlet {

  private static final long serialVersionUID = 1L;
  static final String PATH = "/metrics";

  /** Liberty's realm name for the metrics user (server.xml's basicRegistry). */
  static final String CHALLENGE = "Basic realm=\"eclips-operators\", charset=\"UTF-8\"";

  private final transient Meters meters;
  private final transient MetricsReader reader;
  private final transient Route route;

  Scrapes(Meters meters, MetricsReader reader) {
    this.meters = meters;
    this.reader = reader;
    this.route = meters.route(PATH);
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    request.setAttribute(Route.ATTRIBUTE, route);
    if (!request.isSecure()) {
      ServletProblems.write(
          request, response, Problems.forbidden("/metrics answers over HTTPS only."));
      return;
    }
    if (!reader.admits(request.getHeader("Authorization"))) {
      ServletProblems.write(request, response, credentialsRequired());
      return;
    }
    byte[] body = meters.prometheusText().getBytes(StandardCharsets.UTF_8);
    response.setHeader("Cache-Control", "no-store");
    response.setContentType(Meters.PROMETHEUS_TEXT);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  static ApiProblem credentialsRequired() {
    return new ApiProblem(
        ProblemType.UNAUTHORIZED,
        "Send the metrics user's credentials (HTTP basic).",
        List.of(),
        Map.of("WWW-Authenticate", CHALLENGE));
  }
}
