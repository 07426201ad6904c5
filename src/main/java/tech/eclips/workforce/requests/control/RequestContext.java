package tech.eclips.workforce.requests.control;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import tech.eclips.workforce.ratelimit.control.RateDecision;

/**
 * This request's id, client and rate-limit state, for errors, audit entries and response fields.
 */
@RequestScoped
public class RequestContext {

  public static final String REQUEST_ID_ATTRIBUTE = "eclips.request-id";
  private static final int MAX_USER_AGENT = 256;

  @Inject HttpServletRequest request;

  private RateDecision rateLimit;
  private boolean audited;

  public String requestId() {
    Object id = request.getAttribute(REQUEST_ID_ATTRIBUTE);
    return id == null ? "" : id.toString();
  }

  public String clientAddress() {
    return request.getRemoteAddr();
  }

  public String userAgent() {
    String agent = request.getHeader("User-Agent");
    return agent == null || agent.length() <= MAX_USER_AGENT
        ? agent
        : agent.substring(0, MAX_USER_AGENT);
  }

  public void rateLimit(RateDecision decision) {
    this.rateLimit = decision;
  }

  public Optional<RateDecision> rateLimit() {
    return Optional.ofNullable(rateLimit);
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
}
