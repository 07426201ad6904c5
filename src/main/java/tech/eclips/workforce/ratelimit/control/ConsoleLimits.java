package tech.eclips.workforce.ratelimit.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import tech.eclips.workforce.requests.control.RateDecision;

/**
 * The console's and the platform API's limits (CONTRACT §11), per minute and counted where the
 * per-key limits are ({@link KeyLimiters}: this node, or the shared Redis): per user (issuer and
 * subject of the token) and per org (the console token's org), so neither one person nor one org's
 * many people can monopolise the console; and, lower, per org for the calls that walk the audit
 * log: scans (verify, export) and filtered queries. Subjects are hashed before they become limiter
 * names, so no user name reaches the shared store.
 */
@ApplicationScoped
public class ConsoleLimits {

  public static final String PER_USER = "per-user";
  public static final String PER_ORG = "per-org";
  public static final String AUDIT_SCANS = "audit-scans";
  public static final String AUDIT_QUERIES = "audit-queries";

  @Inject KeyLimiters limiters;

  @Inject
  @ConfigProperty(name = "eclips.ratelimit.console.per-user-per-minute", defaultValue = "300")
  int perUser;

  @Inject
  @ConfigProperty(name = "eclips.ratelimit.console.per-org-per-minute", defaultValue = "600")
  int perOrg;

  @Inject
  @ConfigProperty(name = "eclips.ratelimit.platform.per-user-per-minute", defaultValue = "300")
  int platformPerUser;

  @Inject
  @ConfigProperty(name = "eclips.ratelimit.audit-scans-per-minute", defaultValue = "6")
  int auditScans;

  @Inject
  @ConfigProperty(name = "eclips.ratelimit.audit-queries-per-minute", defaultValue = "60")
  int auditQueries;

  /**
   * A console request of a user of {@code org}, or a platform request ({@code org} empty): the
   * user's window, then the org's. A refused user does not use up the org's window; the last
   * decision is the refusal, if any.
   */
  public List<RateDecision> acquire(String issuer, String subject, Optional<UUID> org) {
    List<RateDecision> decisions = new ArrayList<>(2);
    int userLimit = org.isPresent() ? perUser : platformPerUser;
    RateDecision user =
        limiters.acquire("user:" + digest(issuer, subject), positive(userLimit)).named(PER_USER);
    decisions.add(user);
    if (user.allowed() && org.isPresent()) {
      decisions.add(limiters.acquire("org:" + org.get(), positive(perOrg)).named(PER_ORG));
    }
    return decisions;
  }

  /** One walk of the org's whole audit log: verify or export. */
  public RateDecision auditScan(UUID org) {
    return limiters.acquire("scan:" + org, positive(auditScans)).named(AUDIT_SCANS);
  }

  /** One filtered page of the org's audit log (by action or time), console or /v1. */
  public RateDecision auditQuery(UUID org) {
    return limiters.acquire("query:" + org, positive(auditQueries)).named(AUDIT_QUERIES);
  }

  private static int positive(int limit) {
    return Math.max(1, limit);
  }

  /** Issuer and subject together name a user; two IdPs' "alice" are two users. */
  static String digest(String issuer, String subject) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  (String.valueOf(issuer) + '\u0000' + String.valueOf(subject))
                      .getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
