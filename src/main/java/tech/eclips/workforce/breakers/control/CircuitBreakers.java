package tech.eclips.workforce.breakers.control;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import tech.eclips.workforce.breakers.control.BreakerState.Admission;
import tech.eclips.workforce.breakers.control.BreakerState.Refuse;
import tech.eclips.workforce.breakers.control.BreakerState.Trial;
import tech.eclips.workforce.breakers.entity.CircuitState;
import tech.eclips.workforce.metrics.control.Meters;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.sql.SqlValues;
import tech.eclips.workforce.tenancy.control.BoundOrg;

/**
 * The org's breakers, one per mode and agent type (CONTRACT §8: a test-mode failure never changes
 * what a live run sees), in the caller's tenant-bound transaction. Time is the database's, so every
 * node of a cluster agrees on when a breaker half-opens.
 */
@Dependent
public class CircuitBreakers {

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject BoundOrg boundOrg;

  private static final int MAX_CLAIM_ATTEMPTS = 3;

  @Inject BreakerSettings settings;
  @Inject Meters meters;

  /** A breaker as stored, with the database's clock at the moment it was read. */
  public record Reading(String agentType, boolean livemode, BreakerState state, Instant now) {}

  /**
   * Ring step 6 on accepting a run: 503 {@code circuit_open} while open. Of concurrent requests
   * after the open period exactly one becomes the trial: the claim is a conditional update, which
   * the others wait on and then find already half-open. A refused accept rolls the claim back.
   */
  public void admit(String agentType, boolean livemode, UUID run) {
    for (int attempt = 0; attempt < MAX_CLAIM_ATTEMPTS; attempt++) {
      Optional<Reading> reading = read(agentType, livemode, false);
      if (reading.isEmpty()) {
        return;
      }
      Admission admission =
          reading.get().state().admission(reading.get().now(), settings.openFor());
      if (admission instanceof Refuse refuse) {
        throw Problems.circuitOpen(agentType, refuse.retryAfterSeconds());
      }
      if (!(admission instanceof Trial) || claimTrial(agentType, livemode, run)) {
        return;
      }
      // Another request claimed the trial (or an admin reset the breaker) meanwhile: read again.
    }
    throw Problems.circuitOpen(agentType, settings.openFor().toSeconds());
  }

  private boolean claimTrial(String agentType, boolean livemode, UUID run) {
    boolean claimed =
        em.createNativeQuery(
                    "UPDATE agent_circuit_breakers SET state = 'half_open', trial_run_id = ?1, updated_at = now()"
                        + " WHERE org_id = ?5 AND livemode = ?4 AND agent_type = ?2"
                        + " AND state = 'open' AND opened_at <= now() - make_interval(secs => ?3)")
                .setParameter(1, run)
                .setParameter(2, agentType)
                .setParameter(3, settings.openFor().toSeconds())
                .setParameter(4, livemode)
                .setParameter(5, boundOrg.id())
                .executeUpdate()
            == 1;
    if (claimed) {
      meters.breakerTransition(agentType, CircuitState.HALF_OPEN.code());
    }
    return claimed;
  }

  /**
   * A run that did the agent's work: resets the failure count, or closes a half-open breaker when
   * it was the trial. One statement that touches no row in the common case. Returns whether a
   * half-open breaker closed.
   */
  public boolean succeeded(String agentType, boolean livemode, UUID run) {
    @SuppressWarnings("unchecked")
    List<Object> prior =
        em.createNativeQuery(
                "WITH prior AS (SELECT id, state FROM agent_circuit_breakers"
                    + " WHERE org_id = ?4 AND livemode = ?3 AND agent_type = ?1 AND ((state = 'closed'"
                    + " AND consecutive_failures > 0) OR (state = 'half_open' AND trial_run_id = ?2)) FOR UPDATE)"
                    + " UPDATE agent_circuit_breakers b SET state = 'closed', consecutive_failures = 0,"
                    + " opened_at = NULL, trial_run_id = NULL, updated_at = now() FROM prior"
                    + " WHERE b.org_id = ?4 AND b.id = prior.id RETURNING prior.state")
            .setParameter(1, agentType)
            .setParameter(2, run)
            .setParameter(3, livemode)
            .setParameter(4, boundOrg.id())
            .getResultList();
    boolean closed = prior.contains(CircuitState.HALF_OPEN.code());
    if (closed) {
      meters.breakerTransition(agentType, CircuitState.CLOSED.code());
    }
    return closed;
  }

  /** An agent failure (a refunded run), under the breaker's row lock. Returns whether it opened. */
  public boolean failed(String agentType, boolean livemode, UUID run) {
    em.createNativeQuery(
            "INSERT INTO agent_circuit_breakers (org_id, id, livemode, agent_type) VALUES"
                + " (?3, gen_random_uuid(), ?2, ?1)"
                + " ON CONFLICT (org_id, livemode, agent_type) DO NOTHING")
        .setParameter(1, agentType)
        .setParameter(2, livemode)
        .setParameter(3, boundOrg.id())
        .executeUpdate();
    Reading before = read(agentType, livemode, true).orElseThrow();
    BreakerState after =
        before.state().afterFailure(run, settings.failureThreshold(), before.now());
    write(agentType, livemode, after);
    boolean opened =
        before.state().state() != CircuitState.OPEN && after.state() == CircuitState.OPEN;
    if (opened) {
      meters.breakerTransition(agentType, CircuitState.OPEN.code());
    }
    return opened;
  }

  public void reset(String agentType, boolean livemode) {
    write(agentType, livemode, BreakerState.NEW);
  }

  public Optional<Reading> read(String agentType, boolean livemode, boolean forUpdate) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "SELECT state, consecutive_failures, opened_at, trial_run_id, now() FROM agent_circuit_breakers"
                    + " WHERE org_id = ?3 AND livemode = ?2 AND agent_type = ?1"
                    + (forUpdate ? " FOR UPDATE" : ""))
            .setParameter(1, agentType)
            .setParameter(2, livemode)
            .setParameter(3, boundOrg.id())
            .getResultList();
    return rows.stream()
        .findFirst()
        .map(
            r ->
                new Reading(
                    agentType,
                    livemode,
                    new BreakerState(
                        CircuitState.fromCode((String) r[0]).orElseThrow(),
                        ((Number) r[1]).intValue(),
                        SqlValues.instant(r[2]),
                        SqlValues.uuid(r[3])),
                    SqlValues.instant(r[4])));
  }

  /** The database's clock, for breakers that have no row yet. */
  public Instant now() {
    return SqlValues.instant(em.createNativeQuery("SELECT now()").getSingleResult());
  }

  private void write(String agentType, boolean livemode, BreakerState state) {
    em.createNativeQuery(
            "UPDATE agent_circuit_breakers SET state = ?1, consecutive_failures = ?2, opened_at = ?3,"
                + " trial_run_id = ?4, updated_at = now() WHERE org_id = ?7 AND livemode = ?6"
                + " AND agent_type = ?5")
        .setParameter(1, state.state().code())
        .setParameter(2, state.failures())
        .setParameter(
            3, state.openedAt() == null ? null : java.sql.Timestamp.from(state.openedAt()))
        .setParameter(4, state.trialRun())
        .setParameter(5, agentType)
        .setParameter(6, livemode)
        .setParameter(7, boundOrg.id())
        .executeUpdate();
  }
}
