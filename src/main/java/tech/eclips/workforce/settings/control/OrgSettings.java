package tech.eclips.workforce.settings.control;

import jakarta.enterprise.context.Dependent;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.math.BigDecimal;
import java.util.List;

/** The org's settings in its tenant-bound transaction; an org without a row has the defaults. */
@Dependent
public class OrgSettings {

  public static final BigDecimal DEFAULT_AUTO_APPROVE_LIMIT = new BigDecimal("10000.00");

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  public BigDecimal invoiceAutoApproveLimit() {
    @SuppressWarnings("unchecked")
    List<Object> rows =
        em.createNativeQuery(
                "SELECT invoice_auto_approve_limit FROM org_settings WHERE org_id = eclips_current_org()")
            .getResultList();
    return rows.isEmpty() ? DEFAULT_AUTO_APPROVE_LIMIT : (BigDecimal) rows.get(0);
  }

  public void setInvoiceAutoApproveLimit(BigDecimal limit) {
    em.createNativeQuery(
            "INSERT INTO org_settings (org_id, id, invoice_auto_approve_limit) VALUES"
                + " (eclips_current_org(), gen_random_uuid(), ?1) ON CONFLICT (org_id) DO UPDATE"
                + " SET invoice_auto_approve_limit = EXCLUDED.invoice_auto_approve_limit, updated_at = now()")
        .setParameter(1, limit)
        .executeUpdate();
  }
}
