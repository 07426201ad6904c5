/**
 * Tenant isolation. {@link tech.eclips.workforce.TenantBound} (ring step 5) binds every request
 * boundary's transaction to its caller's org; {@link
 * tech.eclips.workforce.tenancy.control.TenantContext}, which it calls, binds a transaction to one
 * organization twice over: the EclipseLink tenant discriminator (first ring: every JPA statement
 * gets {@code org_id = ?}) and the PostgreSQL Row-Level Security binding, which the database
 * accepts only with the org's proof ({@code eclips_enter_org}, V22; {@link
 * tech.eclips.workforce.tenancy.control.TenantProofs}), the last ring: the database refuses
 * everything else, even SQL that EclipseLink forgets to filter, and even the app role's own
 * password without the platform's. Native SQL gets its first ring from {@link
 * tech.eclips.workforce.tenancy.control.BoundOrg}, the org the transaction was bound to, which
 * every statement on an org's tables binds as its own {@code org_id = ?} ({@code
 * NativeSqlOrgConditionTest} reads them all). {@link
 * tech.eclips.workforce.tenancy.control.PlatformDatabase} is the other side: the platform role's
 * connection, the only one allowed to act across orgs through the platform functions, used by the
 * platform API and jobs, never by a tenant request.
 */
package tech.eclips.workforce.tenancy;
