package tech.eclips.workforce.credits.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;
import tech.eclips.workforce.tenancy.entity.TenantOwned;

/** One calendar month (UTC) of an org's credits: what it was granted, used, and may spend. */
@Entity
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

  public UsagePeriod(UUID id, LocalDate periodStart, long granted) {
    super(id);
    this.periodStart = periodStart;
    this.granted = granted;
    this.createdAt = OffsetDateTime.now();
    this.updatedAt = createdAt;
  }

  public LocalDate periodStart() {
    return periodStart;
  }

  public long granted() {
    return granted;
  }
}
