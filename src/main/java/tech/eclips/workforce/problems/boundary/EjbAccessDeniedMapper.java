package tech.eclips.workforce.problems.boundary;

import jakarta.ejb.EJBAccessException;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import tech.eclips.workforce.problems.control.Problems;

/** {@code @RolesAllowed} refused by the EJB container: the user's groups do not allow this. */
@Provider
public class EjbAccessDeniedMapper implements ExceptionMapper<EJBAccessException> {

  @Inject ProblemResponses problems;

  @Override
  public Response toResponse(EJBAccessException denied) {
    return problems.render(Problems.forbidden("Your role does not allow this."));
  }
}
