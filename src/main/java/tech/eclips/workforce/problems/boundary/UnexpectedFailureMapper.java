package tech.eclips.workforce.problems.boundary;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;
import tech.eclips.workforce.problems.control.ApiProblem;
import tech.eclips.workforce.problems.control.ProblemType;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.problems.control.RedactedFailure;
import tech.eclips.workforce.requests.control.RequestContext;

/**
 * Anything else is our fault: a 500 that says nothing about why (no stack trace, no SQL), logged
 * with the request id so an operator can find it. The log holds the failure's classes, SQLState and
 * stack frames, never its messages: a database failure's message can quote the client's row.
 */
@Provider
public class UnexpectedFailureMapper implements ExceptionMapper<Throwable> {

  private static final Logger LOG = Logger.getLogger(UnexpectedFailureMapper.class.getName());

  @Inject ProblemResponses problems;
  @Inject RequestContext request;

  @Override
  public Response toResponse(Throwable failure) {
    if (failure.getCause() instanceof ApiProblem problem) {
      return problems.render(problem);
    }
    if (RedactedFailure.transientConflict(failure)) {
      // a deadlock or serialization failure rolled the request back whole: retrying is the answer
      LOG.log(
          Level.WARNING,
          "request " + request.requestId() + " met a conflicting transaction; answered 503",
          RedactedFailure.of(failure));
      return problems.render(Problems.conflictingTransaction());
    }
    LOG.log(
        Level.SEVERE, "request " + request.requestId() + " failed", RedactedFailure.of(failure));
    return problems.render(
        new ApiProblem(
            ProblemType.INTERNAL_ERROR,
            "Something went wrong on our side. Quote request id "
                + request.requestId()
                + " if you contact us."));
  }
}
