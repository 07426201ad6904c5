package tech.eclips.workforce.trust.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import tech.eclips.workforce.tenancy.entity.TenantOwned;

/**
 * How much an org trusts one agent type in one mode: supervised, guarded or autonomous. Test and
 * live have a profile each, so test-mode work never moves what live runs are gated by.
 */
@Entity
@Table(name = "agent_trust_profiles")
public class TrustProfile extends TenantOwned {

  @Column(name = "agent_type")
  private String agentType;

  private boolean livemode;

  private String level;

  @Column(name = "approval_streak")
  private int approvalStreak;

  @Column(name = "updated_at")
  private OffsetDateTime updatedAt;

  protected TrustProfile() {}

  public TrustProfile(UUID id, String agentType, boolean livemode) {
    super(id);
    this.agentType = agentType;
    this.livemode = livemode;
    this.level = "supervised";
    this.updatedAt = OffsetDateTime.now();
  }

  public String level() {
    return level;
  }

  public boolean livemode() {
    return livemode;
  }
}
