package tech.eclips.workforce.tenancy.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.Dependent;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.UUID;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * The org the current transaction is bound to, as the application knows it: native SQL on an org's
 * tables binds it as its own {@code org_id = ?}, so that a statement stays in its org even if RLS
 * did not, as EclipseLink's discriminator does for JPA (either ring alone stops cross-tenant
 * access). {@link TenantContext} sets it whenever it binds or rebinds a transaction. It lives in
 * the transaction's resources: it ends with the transaction, and a {@code REQUIRES_NEW} one starts
 * unbound.
 */
@Dependent
public class BoundOrg {

  private static final Object KEY = new Object();

  @Resource TransactionSynchronizationRegistry transactions;

  /** Binds the current transaction; outside a transaction: {@link IllegalStateException}. */
  void bind(OrgId org) {
    transactions.putResource(KEY, org);
  }

  /**
   * The bound org; {@link IllegalStateException} outside a transaction, or in one no org was bound
   * to (a statement must never run for "whichever org the database thinks").
   */
  public OrgId org() {
    Object org = transactions.getResource(KEY);
    if (org == null) {
      throw new IllegalStateException("no org is bound to this transaction");
    }
    return (OrgId) org;
  }

  /** The bound org's id, as native SQL binds it. */
  public UUID id() {
    return org().value();
  }
}
