package tech.eclips.workforce.problems.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Response;
import tech.eclips.workforce.json.JsonSupport;
import tech.eclips.workforce.problems.control.ApiProblem;
import tech.eclips.workforce.requests.control.RequestContext;

/**
 * Renders an {@link ApiProblem} as {@code application/problem+json} (RFC 9457). The only renderer;
 * the problem it answers is kept in the request's context for the response filters (audit,
 * metrics), which read it there instead of parsing the body.
 */
@ApplicationScoped
public class ProblemResponses {

  public static final String PROBLEM_JSON = "application/problem+json";
  static final String TYPE_BASE = "https://docs.eclips.tech/errors/";

  @Inject RequestContext request;

  public Response render(ApiProblem problem) {
    request.answered(problem);
    Response.ResponseBuilder response =
        Response.status(problem.status())
            .type(PROBLEM_JSON)
            .entity(body(problem, request.requestId()));
    problem.headers().forEach(response::header);
    return response.build();
  }

  /** The body, the same for JAX-RS and for {@link ServletProblems}. */
  static JsonObject body(ApiProblem problem, String requestId) {
    JsonObjectBuilder body =
        JsonSupport.object()
            .add("type", TYPE_BASE + problem.code())
            .add("title", problem.title())
            .add("status", problem.status())
            .add("detail", problem.detail())
            .add("code", problem.code())
            .add("request_id", requestId);
    if (!problem.errors().isEmpty()) {
      JsonArrayBuilder errors = JsonSupport.array();
      problem
          .errors()
          .forEach(
              e ->
                  errors.add(
                      JsonSupport.object().add("field", e.field()).add("message", e.message())));
      body.add("errors", errors);
    }
    return body.build();
  }
}
