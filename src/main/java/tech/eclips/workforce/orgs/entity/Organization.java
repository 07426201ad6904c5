package tech.eclips.workforce.orgs.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.persistence.annotations.ReadOnly;
import tech.eclips.workforce.plans.entity.Plan;

/**
 * An org as the application sees it: read-only, and (through RLS) only the org of the current
 * transaction. Orgs are created and re-planned through the platform gate functions.
 */
@Entity
@ReadOnly
@Table(name = "organizations")
public class Organization {

  @Id private UUID id;
  private String name;
  private Plan plan;

  @Column(name = "created_at")
  private OffsetDateTime createdAt;

  protected Organization() {}

  public UUID id() {
    return id;
  }

  public String name() {
    return name;
  }

  public Plan plan() {
    return plan;
  }

  public OffsetDateTime createdAt() {
    return createdAt;
  }
}
