package tech.eclips.workforce.credits.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.eclipse.persistence.annotations.ReadOnly;
import tech.eclips.workforce.tenancy.entity.TenantOwned;

/**
 * One calendar month (UTC) of an org's credits: what it was granted, used, and may spend. Written
 * only by the database's ledger functions (V21), so read-only to EclipseLink too.
 */
@Entity
@ReadOnly
@Table(name = "credit_usage_periods")
public class UsagePeriod extends TenantOwned {

  @Column(name = "period_start")
  private LocalDate periodStart;

  private long granted;
  private long used;
  private Long budget;

  @Column(name = "created_at")
  private OffsetDateTime createdAt;

  @Column(name = "updated_at")
  private OffsetDateTime updatedAt;

  protected UsagePeriod() {}

  public LocalDate periodStart() {
    return periodStart;
  }

  public long granted() {
    return granted;
  }
}
