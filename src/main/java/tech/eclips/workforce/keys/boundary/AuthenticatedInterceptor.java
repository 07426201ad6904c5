package tech.eclips.workforce.keys.boundary;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.servlet.http.HttpServletRequest;
import tech.eclips.workforce.Ring;
import tech.eclips.workforce.keys.control.Caller;
import tech.eclips.workforce.keys.control.KeyVerifier;
import tech.eclips.workforce.keys.control.PresentedKey;
import tech.eclips.workforce.keys.control.PresentedKey.Absent;
import tech.eclips.workforce.keys.control.PresentedKey.Candidate;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.requests.control.RequestContext;

@Authenticated
@Interceptor
@Priority(Ring.AUTHENTICATE)
public class AuthenticatedInterceptor {

  @Inject HttpServletRequest http;
  @Inject KeyVerifier verifier;
  @Inject RequestContext request;

  @AroundInvoke
  public Object authenticate(InvocationContext invocation) throws Exception {
    var presented = PresentedKey.from(http.getHeader("Authorization"), http.getHeader("X-Api-Key"));
    if (presented instanceof Absent) {
      throw Problems.missingApiKey();
    }
    if (!(presented instanceof Candidate candidate)) {
      throw Problems.invalidApiKey();
    }
    Caller resolved = verifier.resolve(candidate.key()).orElseThrow(Problems::invalidApiKey);
    request.keyResolved(resolved);
    if (!verifier.usable(resolved)) {
      throw Problems.invalidApiKey();
    }
    request.authenticated(resolved);
    return invocation.proceed();
  }
}
