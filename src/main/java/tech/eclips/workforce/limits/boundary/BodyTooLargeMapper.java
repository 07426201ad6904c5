package tech.eclips.workforce.limits.boundary;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import tech.eclips.workforce.problems.boundary.ProblemResponses;
import tech.eclips.workforce.problems.control.Problems;

/** A streamed body that passed its limit inside a resource: 413, like one refused up front. */
@Provider
public class BodyTooLargeMapper implements ExceptionMapper<BodyTooLarge> {

  @Inject ProblemResponses problems;

  @Override
  public Response toResponse(BodyTooLarge exception) {
    return problems.render(Problems.payloadTooLarge(exception.limit()));
  }
}
