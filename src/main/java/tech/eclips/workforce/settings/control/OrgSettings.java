package tech.eclips.workforce.settings.control;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import tech.eclips.workforce.tenancy.control.BoundOrg;

/** The org's settings in its tenant-bound transaction; an org without a row has the defaults. */
@Dependent
public class OrgSettings {

  public static final BigDecimal DEFAULT_AUTO_APPROVE_LIMIT = new BigDecimal("10000.00");

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject BoundOrg boundOrg;

  /** The stored settings, or the defaults. */
  public record Values(BigDecimal invoiceAutoApproveLimit, BigDecimal reviewAdminThreshold) {
    static final Values DEFAULTS = new Values(DEFAULT_AUTO_APPROVE_LIMIT, null);
  }

  public Values values() {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "SELECT invoice_auto_approve_limit, review_admin_threshold FROM org_settings"
                    + " WHERE org_id = ?1")
            .setParameter(1, boundOrg.id())
            .getResultList();
    return rows.stream()
        .findFirst()
        .map(r -> new Values((BigDecimal) r[0], (BigDecimal) r[1]))
        .orElse(Values.DEFAULTS);
  }

  public BigDecimal invoiceAutoApproveLimit() {
    return values().invoiceAutoApproveLimit();
  }

  /** Totals above it are resolved by org admins only; empty: any reviewer. */
  public Optional<BigDecimal> reviewAdminThreshold() {
    return Optional.ofNullable(values().reviewAdminThreshold());
  }

  public void setInvoiceAutoApproveLimit(BigDecimal limit) {
    em.createNativeQuery(
            "INSERT INTO org_settings (org_id, id, invoice_auto_approve_limit) VALUES"
                + " (?2, gen_random_uuid(), ?1) ON CONFLICT (org_id) DO UPDATE"
                + " SET invoice_auto_approve_limit = EXCLUDED.invoice_auto_approve_limit, updated_at = now()")
        .setParameter(1, limit)
        .setParameter(2, boundOrg.id())
        .executeUpdate();
  }

  /** Sets the review threshold; {@code null} lifts it. */
  public void setReviewAdminThreshold(BigDecimal threshold) {
    em.createNativeQuery(
            "INSERT INTO org_settings (org_id, id, review_admin_threshold) VALUES"
                + " (?2, gen_random_uuid(), CAST(?1 AS numeric))"
                + " ON CONFLICT (org_id) DO UPDATE SET review_admin_threshold = EXCLUDED.review_admin_threshold, updated_at = now()")
        .setParameter(1, threshold)
        .setParameter(2, boundOrg.id())
        .executeUpdate();
  }
}
