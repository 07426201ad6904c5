package tech.eclips.workforce.trust.control;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonString;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import tech.eclips.workforce.json.JsonSupport;
import tech.eclips.workforce.sql.SqlValues;
import tech.eclips.workforce.tenancy.control.BoundOrg;
import tech.eclips.workforce.trust.entity.TrustLevel;

/**
 * The org's trust profiles, one per mode and agent type (CONTRACT §8: nothing a test key does
 * changes what a live run sees), in the caller's tenant-bound transaction. A profile is created
 * supervised on the first run of that type in that mode; decisions move it under a row lock, so
 * concurrent resolutions apply one after the other.
 */
@Dependent
public class TrustProfiles {

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject BoundOrg boundOrg;

  @Inject TrustSettings settings;

  /** A profile as the console shows it. */
  public record Profile(
      String agentType,
      boolean livemode,
      TrustStanding standing,
      long approvals,
      long rejections,
      Instant updatedAt) {}

  /** A decision's effect: the standing before and after. */
  public record Move(TrustStanding before, TrustStanding after) {
    public boolean levelChanged() {
      return before.level() != after.level();
    }
  }

  public ReviewQuorum quorum() {
    return settings.quorum();
  }

  /** The level results of this agent type are gated by; creates the profile on first use. */
  public TrustLevel levelOnFirstUse(String agentType, boolean livemode) {
    Optional<Profile> existing = find(agentType, livemode);
    if (existing.isPresent()) {
      return existing.get().standing().level();
    }
    ensure(agentType, livemode);
    return find(agentType, livemode).map(p -> p.standing().level()).orElse(TrustLevel.SUPERVISED);
  }

  /** Applies {@code reviewer}'s decision under a row lock. */
  public Move decide(String agentType, boolean livemode, boolean approved, String reviewer) {
    ensure(agentType, livemode);
    TrustStanding before = locked(agentType, livemode);
    TrustStanding after =
        approved ? before.afterApproval(reviewer, settings.quorum()) : before.afterRejection();
    JsonArrayBuilder reviewers = JsonSupport.array();
    after.reviewers().forEach(reviewers::add);
    em.createNativeQuery(
            "UPDATE agent_trust_profiles SET level = ?1, approval_streak = ?2,"
                + " approvals = approvals + ?3, rejections = rejections + ?4, updated_at = now(),"
                + " streak_reviewers = ARRAY(SELECT jsonb_array_elements_text(CAST(?7 AS jsonb)))"
                + " WHERE org_id = ?8 AND livemode = ?6 AND agent_type = ?5")
        .setParameter(1, after.level().code())
        .setParameter(2, after.streak())
        .setParameter(3, approved ? 1 : 0)
        .setParameter(4, approved ? 0 : 1)
        .setParameter(5, agentType)
        .setParameter(6, livemode)
        .setParameter(7, reviewers.build().toString())
        .setParameter(8, boundOrg.id())
        .executeUpdate();
    return new Move(before, after);
  }

  /**
   * Pins a level (the profile stops moving) or, with an empty level, unpins and restarts the
   * streak.
   */
  public void pin(String agentType, boolean livemode, Optional<TrustLevel> level) {
    ensure(agentType, livemode);
    em.createNativeQuery(
            "UPDATE agent_trust_profiles SET level = COALESCE(?1, level), pinned = ?2,"
                + " approval_streak = 0, streak_reviewers = '{}', updated_at = now()"
                + " WHERE org_id = ?5 AND livemode = ?4 AND agent_type = ?3")
        .setParameter(1, level.map(TrustLevel::code).orElse(null))
        .setParameter(2, level.isPresent())
        .setParameter(3, agentType)
        .setParameter(4, livemode)
        .setParameter(5, boundOrg.id())
        .executeUpdate();
  }

  public Optional<Profile> find(String agentType, boolean livemode) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "SELECT agent_type, livemode, level, approval_streak, pinned,"
                    + " CAST(array_to_json(streak_reviewers) AS text), approvals, rejections,"
                    + " updated_at FROM agent_trust_profiles"
                    + " WHERE org_id = ?3 AND livemode = ?2 AND agent_type = ?1")
            .setParameter(1, agentType)
            .setParameter(2, livemode)
            .setParameter(3, boundOrg.id())
            .getResultList();
    return rows.stream().findFirst().map(TrustProfiles::profile);
  }

  private void ensure(String agentType, boolean livemode) {
    em.createNativeQuery(
            "INSERT INTO agent_trust_profiles (org_id, id, livemode, agent_type) VALUES"
                + " (?3, gen_random_uuid(), ?2, ?1)"
                + " ON CONFLICT (org_id, livemode, agent_type) DO NOTHING")
        .setParameter(1, agentType)
        .setParameter(2, livemode)
        .setParameter(3, boundOrg.id())
        .executeUpdate();
  }

  private TrustStanding locked(String agentType, boolean livemode) {
    Object[] row =
        (Object[])
            em.createNativeQuery(
                    "SELECT level, approval_streak, pinned,"
                        + " CAST(array_to_json(streak_reviewers) AS text) FROM agent_trust_profiles"
                        + " WHERE org_id = ?3 AND livemode = ?2 AND agent_type = ?1"
                        + " FOR UPDATE")
                .setParameter(1, agentType)
                .setParameter(2, livemode)
                .setParameter(3, boundOrg.id())
                .getSingleResult();
    return standing(row[0], row[1], row[2], row[3]);
  }

  private static Profile profile(Object[] row) {
    return new Profile(
        (String) row[0],
        (Boolean) row[1],
        standing(row[2], row[3], row[4], row[5]),
        ((Number) row[6]).longValue(),
        ((Number) row[7]).longValue(),
        SqlValues.instant(row[8]));
  }

  private static TrustStanding standing(
      Object level, Object streak, Object pinned, Object reviewers) {
    List<String> names;
    try (var reader = JsonSupport.reader((String) reviewers)) {
      names =
          reader.readArray().getValuesAs(JsonString.class).stream()
              .map(JsonString::getString)
              .toList();
    }
    return new TrustStanding(
        TrustLevel.fromCode((String) level).orElseThrow(),
        ((Number) streak).intValue(),
        (Boolean) pinned,
        names);
  }
}
