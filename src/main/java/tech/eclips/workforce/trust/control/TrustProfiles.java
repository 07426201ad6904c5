package tech.eclips.workforce.trust.control;

import jakarta.enterprise.context.Dependent;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import tech.eclips.workforce.sql.SqlValues;
import tech.eclips.workforce.trust.entity.TrustLevel;

/**
 * The org's trust profiles, one per agent type, in the caller's tenant-bound transaction. A profile
 * is created supervised on the org's first run of that type; decisions move it under a row lock, so
 * concurrent resolutions apply one after the other.
 */
@Dependent
public class TrustProfiles {

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  /** A profile as the console shows it. */
  public record Profile(
      String agentType,
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

  /** The level results of this agent type are gated by; creates the profile on first use. */
  public TrustLevel levelOnFirstUse(String agentType) {
    Optional<Profile> existing = find(agentType);
    if (existing.isPresent()) {
      return existing.get().standing().level();
    }
    ensure(agentType);
    return find(agentType).map(p -> p.standing().level()).orElse(TrustLevel.SUPERVISED);
  }

  /** Applies a reviewer's decision under a row lock. */
  public Move decide(String agentType, boolean approved) {
    ensure(agentType);
    TrustStanding before = locked(agentType);
    TrustStanding after = approved ? before.afterApproval() : before.afterRejection();
    em.createNativeQuery(
            "UPDATE agent_trust_profiles SET level = ?1, approval_streak = ?2,"
                + " approvals = approvals + ?3, rejections = rejections + ?4, updated_at = now()"
                + " WHERE org_id = eclips_current_org() AND agent_type = ?5")
        .setParameter(1, after.level().code())
        .setParameter(2, after.streak())
        .setParameter(3, approved ? 1 : 0)
        .setParameter(4, approved ? 0 : 1)
        .setParameter(5, agentType)
        .executeUpdate();
    return new Move(before, after);
  }

  /**
   * Pins a level (the profile stops moving) or, with an empty level, unpins and restarts the
   * streak.
   */
  public void pin(String agentType, Optional<TrustLevel> level) {
    ensure(agentType);
    em.createNativeQuery(
            "UPDATE agent_trust_profiles SET level = COALESCE(?1, level), pinned = ?2,"
                + " approval_streak = 0, updated_at = now()"
                + " WHERE org_id = eclips_current_org() AND agent_type = ?3")
        .setParameter(1, level.map(TrustLevel::code).orElse(null))
        .setParameter(2, level.isPresent())
        .setParameter(3, agentType)
        .executeUpdate();
  }

  public Optional<Profile> find(String agentType) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "SELECT agent_type, level, approval_streak, pinned, approvals, rejections, updated_at"
                    + " FROM agent_trust_profiles WHERE org_id = eclips_current_org() AND agent_type = ?1")
            .setParameter(1, agentType)
            .getResultList();
    return rows.stream().findFirst().map(TrustProfiles::profile);
  }

  private void ensure(String agentType) {
    em.createNativeQuery(
            "INSERT INTO agent_trust_profiles (org_id, id, agent_type) VALUES (eclips_current_org(),"
                + " gen_random_uuid(), ?1) ON CONFLICT (org_id, agent_type) DO NOTHING")
        .setParameter(1, agentType)
        .executeUpdate();
  }

  private TrustStanding locked(String agentType) {
    Object[] row =
        (Object[])
            em.createNativeQuery(
                    "SELECT level, approval_streak, pinned FROM agent_trust_profiles"
                        + " WHERE org_id = eclips_current_org() AND agent_type = ?1 FOR UPDATE")
                .setParameter(1, agentType)
                .getSingleResult();
    return standing(row[0], row[1], row[2]);
  }

  private static Profile profile(Object[] row) {
    return new Profile(
        (String) row[0],
        standing(row[1], row[2], row[3]),
        ((Number) row[4]).longValue(),
        ((Number) row[5]).longValue(),
        SqlValues.instant(row[6]));
  }

  private static TrustStanding standing(Object level, Object streak, Object pinned) {
    return new TrustStanding(
        TrustLevel.fromCode((String) level).orElseThrow(),
        ((Number) streak).intValue(),
        (Boolean) pinned);
  }
}
