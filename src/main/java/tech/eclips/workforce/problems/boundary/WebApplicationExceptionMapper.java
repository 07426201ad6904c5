package tech.eclips.workforce.problems.boundary;

import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Map;
import tech.eclips.workforce.problems.control.ApiProblem;
import tech.eclips.workforce.problems.control.ProblemType;

/**
 * JAX-RS's own refusals (unknown path, wrong method or media type, unreadable body) as problems.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

  @Inject ProblemResponses problems;

  @Override
  public Response toResponse(WebApplicationException exception) {
    return problems.render(problem(exception.getResponse().getStatus(), allowHeader(exception)));
  }

  /** The catalogue's refusal of this status, or one named after it when the catalogue has none. */
  static ApiProblem problem(int status, Map<String, String> headers) {
    String detail = detail(status);
    return ProblemType.http(status)
        .map(type -> new ApiProblem(type, detail, List.of(), headers))
        .orElseGet(
            () ->
                ApiProblem.unlisted(
                    status,
                    status >= 500 ? "internal_error" : "http_" + status,
                    reasonPhrase(status),
                    detail,
                    headers));
  }

  private static String reasonPhrase(int status) {
    Response.Status known = Response.Status.fromStatusCode(status);
    return known == null ? "HTTP " + status : known.getReasonPhrase();
  }

  private static String detail(int status) {
    return switch (status) {
      case 400 -> "The request could not be read.";
      case 401 -> "Authentication is required.";
      case 403 -> "You may not do this.";
      case 404 -> "No such resource.";
      case 405 -> "This resource does not support that method.";
      case 406 -> "This resource cannot answer in any media type the request accepts.";
      case 413 -> "The request body is too large.";
      case 415 -> "This resource does not accept that media type.";
      default -> "The request could not be processed.";
    };
  }

  private static Map<String, String> allowHeader(WebApplicationException exception) {
    String allow = exception.getResponse().getHeaderString("Allow");
    return allow == null ? Map.of() : Map.of("Allow", allow);
  }
}
