package tech.eclips.workforce.credits.control;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import tech.eclips.workforce.requests.control.CreditLevel;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * This node's latest reading of each org's credits, which /v1 answers report unless their request
 * read its own: an accept always does (the balance after its own debit); a tenant binding does when
 * there is no reading younger than {@code ECLIPS_CREDITS_FIELD_MAX_AGE} (default 2 s), so an org's
 * reads cost one reading per node and max age, not one per request. The orgs whose readings were
 * asked for in the last {@link #IN_USE_FOR} are read again together, once a second, off the request
 * path ({@link CreditLevelFeed}), so an active org's reading does not expire while the feed
 * answers. This node's refunds, grants and budget changes drop the reading ({@link #forget}); other
 * nodes' movements are missed for at most the max age.
 */
@ApplicationScoped
public class CreditLevels {

  static final int MAX_ORGS = 100_000;

  /** An org is read by the feed while a request asked for its reading this recently. */
  static final Duration IN_USE_FOR = Duration.ofSeconds(10);

  /** The orgs the feed reads at most; beyond them, the least recently used read on request. */
  static final int MAX_FED_ORGS = 10_000;

  /**
   * A reading and when it was taken (ticker time), so an older one never replaces it; without a
   * level, the mark of a movement it does not show ({@link #forget}), which no reading taken before
   * it replaces either.
   */
  private record Reading(CreditLevel level, long readAt) {}

  @Inject
  @ConfigProperty(name = "eclips.credits.field-max-age", defaultValue = "PT2S")
  Duration maxAge;

  /** The clock of expiry and of readings' order; tests set one of their own. */
  Ticker ticker = Ticker.systemTicker();

  private Cache<UUID, Reading> recent;
  private Cache<UUID, Boolean> inUse;

  @PostConstruct
  void create() {
    recent =
        Caffeine.newBuilder().ticker(ticker).expireAfterWrite(maxAge).maximumSize(MAX_ORGS).build();
    inUse =
        Caffeine.newBuilder()
            .ticker(ticker)
            .expireAfterAccess(IN_USE_FOR)
            .maximumSize(MAX_FED_ORGS)
            .build();
  }

  static CreditLevels withMaxAge(Duration maxAge, Ticker ticker) {
    CreditLevels levels = new CreditLevels();
    levels.maxAge = maxAge;
    levels.ticker = ticker;
    levels.create();
    return levels;
  }

  /** A reading the request's own transaction took: the newest there is. */
  public void remember(OrgId org, CreditLevel level) {
    recent.put(org.value(), new Reading(level, ticker.read()));
  }

  /** A movement the reading does not show (a refund, a grant, a budget): the next request reads. */
  public void forget(OrgId org) {
    recent.put(org.value(), new Reading(null, ticker.read()));
  }

  public Optional<CreditLevel> recent(OrgId org) {
    inUse.get(org.value(), any -> Boolean.TRUE); // an access: the org stays in use
    Reading reading = recent.getIfPresent(org.value());
    return Optional.ofNullable(reading == null ? null : reading.level());
  }

  /** The ticker's time, for the feed to say when its read started. */
  public long now() {
    return ticker.read();
  }

  /** The orgs whose readings requests asked for lately: what the feed reads, at most its limit. */
  public List<OrgId> inUse() {
    return inUse.asMap().keySet().stream().map(OrgId::new).toList();
  }

  /**
   * The feed's readings, taken by a statement that started at {@code readStartedAt}: each replaces
   * the org's reading unless a newer one was remembered meanwhile, or the org's reading was
   * forgotten since (a movement the statement may not have seen: the next request reads).
   */
  public void fed(Map<OrgId, CreditLevel> levels, long readStartedAt) {
    levels.forEach(
        (org, level) ->
            recent
                .asMap()
                .compute(
                    org.value(),
                    (id, present) ->
                        present != null && present.readAt() - readStartedAt >= 0
                            ? present
                            : new Reading(level, readStartedAt)));
  }
}
