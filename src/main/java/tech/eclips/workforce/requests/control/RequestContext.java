package tech.eclips.workforce.requests.control;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import tech.eclips.workforce.problems.control.ApiProblem;

/**
 * The one holder of what the ring learns about this request: its id and client, the caller its key
 * resolved to, the rate decision, its org's credits, the problem it was answered with, and whether
 * its audit entry is already written. Every step reads and writes here, so the facts of a request
 * live in one place (as Soteria's SecurityContext).
 */
@RequestScoped
public class RequestContext {

  public static final String REQUEST_ID_ATTRIBUTE = "eclips.request-id";
  private static final int MAX_USER_AGENT = 256;

  @Inject HttpServletRequest request;
  @Inject ClientAddresses clients;

  private Caller caller;
  private Caller resolved;
  private RateDecision rateLimit;
  private final java.util.List<RateDecision> moreRateLimits = new java.util.ArrayList<>(2);
  private boolean audited;
  private boolean replayed;
  private ApiProblem problem;
  private String clientAddress;
  private CreditLevel credits;

  public String requestId() {
    Object id = request.getAttribute(REQUEST_ID_ATTRIBUTE);
    return id == null ? "" : id.toString();
  }

  /** The client's address, through trusted proxies (see {@link ClientAddresses}). */
  public String clientAddress() {
    if (clientAddress == null) {
      clientAddress = clients.of(request);
    }
    return clientAddress;
  }

  /** What per-address limits count for this client: an IPv6 client's whole network. */
  public String clientNetwork() {
    return clients.network(clientAddress());
  }

  public String userAgent() {
    String agent = request.getHeader("User-Agent");
    return agent == null || agent.length() <= MAX_USER_AGENT
        ? agent
        : agent.substring(0, MAX_USER_AGENT);
  }

  /** The key's record even when the key may not be used (revoked, expired): to audit the denial. */
  public void keyResolved(Caller record) {
    this.resolved = record;
  }

  /** The key is usable: its caller passes on to the next ring. */
  public void authenticated(Caller authenticated) {
    this.caller = authenticated;
  }

  /** Whoever the key resolved to, usable or not; empty for no key, garbage or unknown keys. */
  public Optional<Caller> resolvedCaller() {
    return Optional.ofNullable(caller != null ? caller : resolved);
  }

  public Optional<Caller> authenticatedCaller() {
    return Optional.ofNullable(caller);
  }

  /** For code behind {@code @Authenticated}: there is always a caller there. */
  public Caller caller() {
    if (caller == null) {
      throw new IllegalStateException(
          "no authenticated caller: is the resource missing @Authenticated?");
    }
    return caller;
  }

  public void rateLimit(RateDecision decision) {
    this.rateLimit = decision;
  }

  public Optional<RateDecision> rateLimit() {
    return Optional.ofNullable(rateLimit);
  }

  /**
   * Another limit the request was counted against (a console user's org, an audit scan): the
   * RateLimit fields name every one.
   */
  public void alsoRateLimited(RateDecision decision) {
    moreRateLimits.add(decision);
  }

  /** Every rate decision of this request, the first one's first. */
  public java.util.List<RateDecision> rateLimits() {
    java.util.List<RateDecision> all = new java.util.ArrayList<>(moreRateLimits.size() + 1);
    rateLimit().ifPresent(all::add);
    all.addAll(moreRateLimits);
    return all;
  }

  /**
   * The org's credits as this request's own transaction read them (its tenant binding, or its
   * accept's debit): the RateLimit fields' {@code "credits"} item reports them.
   */
  public void credits(CreditLevel level) {
    if (level != null) {
      this.credits = level;
    }
  }

  public Optional<CreditLevel> credits() {
    return Optional.ofNullable(credits);
  }

  /** The problem this request is answered with: its filters read it here, not from the body. */
  public void answered(ApiProblem answer) {
    this.problem = answer;
  }

  public Optional<ApiProblem> problem() {
    return Optional.ofNullable(problem);
  }

  /**
   * This request's audit entry was written in its own transaction; the per-request audit skips it.
   */
  public void markAudited() {
    audited = true;
  }

  public boolean audited() {
    return audited;
  }

  /**
   * This request is answered with the stored reply of an earlier one with its Idempotency-Key (or a
   * problem saying why that reply cannot be given again): {@code Idempotent-Replayed: true}.
   */
  public void markReplayed() {
    replayed = true;
  }

  public boolean replayed() {
    return replayed;
  }
}
