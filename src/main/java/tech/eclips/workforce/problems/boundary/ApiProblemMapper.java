package tech.eclips.workforce.problems.boundary;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import tech.eclips.workforce.problems.control.ApiProblem;

@Provider
public class ApiProblemMapper implements ExceptionMapper<ApiProblem> {

  @Inject ProblemResponses problems;

  @Override
  public Response toResponse(ApiProblem problem) {
    return problems.render(problem);
  }
}
