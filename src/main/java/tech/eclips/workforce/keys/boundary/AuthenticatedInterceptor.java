package tech.eclips.workforce.keys.boundary;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.servlet.http.HttpServletRequest;
import tech.eclips.workforce.Authenticated;
import tech.eclips.workforce.Ring;
import tech.eclips.workforce.keys.control.PresentedKey;
import tech.eclips.workforce.keys.control.PresentedKey.Absent;
import tech.eclips.workforce.keys.control.PresentedKey.Candidate;
import tech.eclips.workforce.metrics.control.Meters;
import tech.eclips.workforce.problems.control.ApiProblem;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.ratelimit.control.FailedAuthentications;
import tech.eclips.workforce.requests.control.Caller;
import tech.eclips.workforce.requests.control.RequestContext;

@Authenticated
@Interceptor
@Priority(Ring.AUTHENTICATE)
public class AuthenticatedInterceptor {

  @Inject HttpServletRequest http;
  @Inject KeyVerifier verifier;
  @Inject RequestContext request;
  @Inject FailedAuthentications failures;
  @Inject Meters meters;

  /**
   * An address that used up its failed authentications may still use a key this node already holds
   * (no database round trip), but nothing else until its window resets.
   */
  @AroundInvoke
  public Object authenticate(InvocationContext invocation) throws Exception {
    String address = request.clientNetwork();
    boolean throttled = failures.secondsToWait(address) > 0;
    Caller caller;
    try {
      caller = authenticated(throttled);
    } catch (ApiProblem denied) {
      if (throttled) {
        meters.rateLimited("per_address");
        throw Problems.tooManyFailedAuthentications(failures.secondsToWait(address));
      }
      failures.failed(address);
      throw denied;
    }
    contain(caller);
    request.authenticated(caller);
    return invocation.proceed();
  }

  /**
   * A live key its org contained: frozen with every key of its mode, or used from an address its
   * allow-list (or its quarantine's pin) does not hold. Read from the cached record: no round trip.
   * A refusal here is no failed authentication (the key is real), so it never throttles the
   * address; it is audited as the key's denial.
   */
  private void contain(Caller caller) {
    if (caller.containment().frozen()) {
      throw Problems.orgFrozen(caller.mode().code());
    }
    if (!caller.containment().admits(request.clientAddress())) {
      throw Problems.ipNotAllowed();
    }
  }

  private Caller authenticated(boolean cachedOnly) {
    var presented = PresentedKey.from(http.getHeader("Authorization"), http.getHeader("X-Api-Key"));
    if (presented instanceof Absent) {
      throw Problems.missingApiKey();
    }
    if (!(presented instanceof Candidate candidate)) {
      throw Problems.invalidApiKey();
    }
    Caller resolved =
        (cachedOnly ? verifier.resolveCached(candidate.key()) : verifier.resolve(candidate.key()))
            .orElseThrow(Problems::invalidApiKey);
    request.keyResolved(resolved);
    if (!verifier.usable(resolved)) {
      throw verifier.disabledButLive(resolved)
          ? Problems.apiKeyDisabled()
          : Problems.invalidApiKey();
    }
    return resolved;
  }
}
