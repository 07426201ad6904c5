package tech.eclips.workforce.tenancy.entity;

import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import java.util.UUID;
import org.eclipse.persistence.annotations.IdValidation;
import org.eclipse.persistence.annotations.Multitenant;
import org.eclipse.persistence.annotations.MultitenantType;
import org.eclipse.persistence.annotations.PrimaryKey;
import org.eclipse.persistence.annotations.TenantDiscriminatorColumn;
import org.eclipse.persistence.config.PersistenceUnitProperties;

/**
 * Every org-scoped entity. The {@code org_id} column is EclipseLink's tenant discriminator and part
 * of the primary key (the tables' keys are {@code (org_id, id)}); it is never a field the code
 * could set.
 *
 * <p>{@code @PrimaryKey} says that this two-column key without an {@code @IdClass} is meant (else
 * EclipseLink warns at every start, once per entity: "multiple ids … without specifying an
 * {@code @IdClass}"). It changes nothing else: no columns of its own, and {@code NULL} is the id
 * validation EclipseLink already gives a composite key. Lookups stay by {@code id} within the
 * tenant, which the discriminator supplies.
 */
@MappedSuperclass
@PrimaryKey(validation = IdValidation.NULL)
@Multitenant(MultitenantType.SINGLE_TABLE)
@TenantDiscriminatorColumn(
    name = "org_id",
    contextProperty = PersistenceUnitProperties.MULTITENANT_PROPERTY_DEFAULT,
    primaryKey = true)
public abstract class TenantOwned {

  @Id protected UUID id;

  protected TenantOwned() {}

  protected TenantOwned(UUID id) {
    this.id = id;
  }

  public UUID id() {
    return id;
  }
}
