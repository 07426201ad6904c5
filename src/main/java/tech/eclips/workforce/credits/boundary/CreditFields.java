package tech.eclips.workforce.credits.boundary;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import tech.eclips.workforce.Ring;
import tech.eclips.workforce.credits.control.CreditLevels;
import tech.eclips.workforce.problems.control.RedactedFailure;
import tech.eclips.workforce.requests.control.Caller;
import tech.eclips.workforce.requests.control.CreditLevel;
import tech.eclips.workforce.requests.control.RateDecision;
import tech.eclips.workforce.requests.control.RequestContext;
import tech.eclips.workforce.requests.control.V1;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * Adds the org's credits as the {@code "credits"} item of {@code RateLimit-Policy} and {@code
 * RateLimit} to every /v1 answer whose key authenticated (CONTRACT §11), after the per-key item, so
 * a client can slow down before a 402. The figures are the request's own when its transaction read
 * them (its tenant binding, its accept's debit: exact); else this node's reading of the last {@link
 * CreditLevels#recent max-age}; else, only for a request the per-key limit let through, one read of
 * its own ({@link CreditLevelReads}). A refusal before the limit (403 scope, 429) never reaches the
 * database for them: without a recent reading it carries no item.
 */
@Provider
@Priority(Ring.RESPONSE_CREDIT_FIELDS)
public class CreditFields implements ContainerResponseFilter {

  private static final Logger LOG = Logger.getLogger(CreditFields.class.getName());

  @Inject RequestContext request;
  @Inject CreditLevels levels;
  @Inject CreditLevelReads reads;

  @Override
  public void filter(ContainerRequestContext in, ContainerResponseContext out) {
    if (!V1.matches(in)) {
      return;
    }
    request
        .authenticatedCaller()
        .map(Caller::org)
        .flatMap(this::level)
        .ifPresent(level -> add(out.getHeaders(), level));
  }

  private Optional<CreditLevel> level(OrgId org) {
    Optional<CreditLevel> own = request.credits();
    if (own.isPresent()) {
      levels.remember(org, own.get());
      return own;
    }
    Optional<CreditLevel> recent = levels.recent(org);
    if (recent.isPresent() || !request.rateLimit().map(RateDecision::allowed).orElse(false)) {
      return recent;
    }
    try {
      Optional<CreditLevel> read = Optional.ofNullable(reads.read(org));
      read.ifPresent(level -> levels.remember(org, level));
      return read;
    } catch (RuntimeException unavailable) {
      // over the org's connection share, or no database: the answer stands without the item
      LOG.log(Level.FINE, "credits not read for RateLimit", RedactedFailure.of(unavailable));
      return Optional.empty();
    }
  }

  private static void add(MultivaluedMap<String, Object> headers, CreditLevel level) {
    append(headers, "RateLimit-Policy", level.policyField());
    append(headers, "RateLimit", level.limitField(Instant.now()));
  }

  private static void append(MultivaluedMap<String, Object> headers, String name, String item) {
    Object present = headers.getFirst(name);
    headers.putSingle(name, present == null ? item : present + ", " + item);
  }
}
