package tech.eclips.workforce.credits.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.persistence.annotations.ReadOnly;
import tech.eclips.workforce.tenancy.entity.NullableUuidConverter;
import tech.eclips.workforce.tenancy.entity.TenantOwned;

/**
 * One append-only movement of credits: positive for grants and refunds, negative for debits.
 * Read-only to EclipseLink so that no code path can issue an UPDATE (the database refuses one
 * anyway).
 */
@Entity
@ReadOnly
@Table(name = "credit_ledger")
public class LedgerEntry extends TenantOwned {

  @Column(name = "entry_type")
  @Convert(converter = LedgerEntryTypeConverter.class)
  private LedgerEntryType entryType;

  private long amount;

  @Column(name = "period_start")
  private LocalDate periodStart;

  @Column(name = "run_id")
  @Convert(converter = NullableUuidConverter.class)
  private UUID runId;

  private String reason;

  @Column(name = "created_at")
  private OffsetDateTime createdAt;

  protected LedgerEntry() {}

  public long amount() {
    return amount;
  }

  public LedgerEntryType entryType() {
    return entryType;
  }
}
