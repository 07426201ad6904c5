/**
 * Tenant isolation. {@link tech.eclips.workforce.tenancy.control.TenantContext} binds a transaction
 * to one organization twice over: the EclipseLink tenant discriminator (first ring: every JPA
 * statement gets {@code org_id = ?}) and the PostgreSQL Row-Level Security setting {@code
 * app.org_id} (last ring: the database refuses everything else, even SQL that EclipseLink forgets
 * to filter).
 */
package tech.eclips.workforce.tenancy;
