package tech.eclips.workforce.credits.control;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import tech.eclips.workforce.requests.control.CreditLevel;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * This node's latest reading of each org's credits, which /v1 answers report unless their request
 * read its own: an accept always does (the balance after its own debit); a tenant binding does when
 * there is no reading younger than {@code ECLIPS_CREDITS_FIELD_MAX_AGE} (default 2 s), so an org's
 * reads cost one reading per node and max age, not one per request. This node's refunds, grants and
 * budget changes drop the reading ({@link #forget}); other nodes' movements are missed for at most
 * the max age.
 */
@ApplicationScoped
public class CreditLevels {

  static final int MAX_ORGS = 100_000;

  @Inject
  @ConfigProperty(name = "eclips.credits.field-max-age", defaultValue = "PT2S")
  Duration maxAge;

  private Cache<UUID, CreditLevel> recent;

  @PostConstruct
  void create() {
    recent = Caffeine.newBuilder().expireAfterWrite(maxAge).maximumSize(MAX_ORGS).build();
  }

  public void remember(OrgId org, CreditLevel level) {
    recent.put(org.value(), level);
  }

  /** A movement the reading does not show (a refund, a grant, a budget): the next request reads. */
  public void forget(OrgId org) {
    recent.invalidate(org.value());
  }

  public Optional<CreditLevel> recent(OrgId org) {
    return Optional.ofNullable(recent.getIfPresent(org.value()));
  }
}
