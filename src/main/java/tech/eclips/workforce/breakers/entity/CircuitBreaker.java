package tech.eclips.workforce.breakers.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import tech.eclips.workforce.tenancy.entity.TenantOwned;

/** The persisted circuit breaker of one (org, mode, agent type). */
@Entity
@Table(name = "agent_circuit_breakers")
public class CircuitBreaker extends TenantOwned {

  @Column(name = "agent_type")
  private String agentType;

  private boolean livemode;

  @Convert(converter = CircuitStateConverter.class)
  private CircuitState state;

  @Column(name = "consecutive_failures")
  private int consecutiveFailures;

  @Column(name = "opened_at")
  private OffsetDateTime openedAt;

  @Column(name = "updated_at")
  private OffsetDateTime updatedAt;

  protected CircuitBreaker() {}

  public CircuitBreaker(UUID id, String agentType, boolean livemode) {
    super(id);
    this.agentType = agentType;
    this.livemode = livemode;
    this.state = CircuitState.CLOSED;
    this.updatedAt = OffsetDateTime.now();
  }

  public CircuitState state() {
    return state;
  }

  public boolean livemode() {
    return livemode;
  }
}
