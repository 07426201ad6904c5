package it.tech.eclips.workforce.tenancy;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.persistence.config.PersistenceUnitProperties;
import tech.eclips.workforce.audit.control.AuditEvent;
import tech.eclips.workforce.audit.control.AuditWriter;
import tech.eclips.workforce.audit.entity.ActorType;
import tech.eclips.workforce.audit.entity.AuditOutcome;
import tech.eclips.workforce.breakers.control.CircuitBreakers;
import tech.eclips.workforce.credits.entity.LedgerEntry;
import tech.eclips.workforce.credits.entity.UsagePeriod;
import tech.eclips.workforce.events.control.EventLog;
import tech.eclips.workforce.events.entity.EventType;
import tech.eclips.workforce.json.JsonSupport;
import tech.eclips.workforce.runs.entity.AgentRun;
import tech.eclips.workforce.settings.control.OrgSettings;
import tech.eclips.workforce.tenancy.control.PlatformDatabase;
import tech.eclips.workforce.tenancy.control.TenantContext;
import tech.eclips.workforce.tenancy.entity.OrgId;

/** In-container test boundary: each method is one transaction bound to one org by TenantContext. */
@Stateless
public class TenantProbe {

  @PersistenceContext(unitName = "eclips")
  EntityManager em;

  @Inject TenantContext tenant;
  @Inject PlatformDatabase platform;
  @Inject OrgSettings settings;
  @Inject CircuitBreakers breakers;
  @Inject AuditWriter audit;
  @Inject EventLog events;

  public void persist(OrgId org, Object entity) {
    tenant.enter(org);
    em.persist(entity);
  }

  public <T> T find(OrgId org, Class<T> type, Object id) {
    tenant.enter(org);
    return em.find(type, id);
  }

  public int updateRunStatusByJpql(OrgId org, UUID runId) {
    tenant.enter(org);
    return em.createQuery("UPDATE AgentRun r SET r.status = :failed WHERE r.id = :id")
        .setParameter("failed", tech.eclips.workforce.runs.entity.RunStatus.FAILED)
        .setParameter("id", runId)
        .executeUpdate();
  }

  public int deleteRunByJpql(OrgId org, UUID runId) {
    tenant.enter(org);
    return em.createQuery("DELETE FROM AgentRun r WHERE r.id = :id")
        .setParameter("id", runId)
        .executeUpdate();
  }

  /**
   * Raw SQL through the application's own connection: only RLS stands between it and other orgs.
   */
  @SuppressWarnings("unchecked")
  public List<String> orgIdsVisibleToNativeSql(OrgId org, String table) {
    tenant.enter(org);
    return em.createNativeQuery("SELECT DISTINCT org_id::text FROM " + table).getResultList();
  }

  public List<AgentRun> runsVisibleToJpql(OrgId org) {
    tenant.enter(org);
    return em.createQuery("SELECT r FROM AgentRun r", AgentRun.class).getResultList();
  }

  /** EclipseLink's discriminator alone: RLS is pointed at one org, the JPA tenant at another. */
  public List<AgentRun> runsWithRlsForOneOrgAndJpaTenantForAnother(OrgId rlsOrg, OrgId jpaOrg) {
    tenant.enter(rlsOrg);
    em.setProperty(PersistenceUnitProperties.MULTITENANT_PROPERTY_DEFAULT, jpaOrg.toString());
    return em.createQuery("SELECT r FROM AgentRun r", AgentRun.class).getResultList();
  }

  /**
   * The provider the server actually gave the unit: @Multitenant only works under EclipseLink, so
   * any other (WildFly's default is Hibernate) would leave RLS as the only fence.
   */
  public String providerOfTheUnit() {
    return em.getDelegate().getClass().getName();
  }

  public String currentRlsTenant() {
    return (String)
        em.createNativeQuery("SELECT coalesce(current_setting('app.org_id', true), '')")
            .getSingleResult();
  }

  /** Appends to a table the application only ever writes with SQL (ledger, audit log). */
  public void insertNative(OrgId org, String insert, Object... parameters) {
    tenant.enter(org);
    var query = em.createNativeQuery(insert);
    for (int i = 0; i < parameters.length; i++) {
      query.setParameter(i + 1, parameters[i]);
    }
    query.executeUpdate();
  }

  /** Org-scoped tables the app role may SELECT from, as the catalog says. */
  @SuppressWarnings("unchecked")
  public List<String> readableOrgScopedTables() {
    return em.createNativeQuery(
            "SELECT c.relname FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'org_id' "
                + "WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' "
                + "AND has_table_privilege(c.oid, 'SELECT') ORDER BY 1")
        .getResultList();
  }

  public List<Class<?>> entityTypes() {
    return em.getMetamodel().getEntities().stream().<Class<?>>map(e -> e.getJavaType()).toList();
  }

  /** As the application does: through the platform role's connection (V10). */
  public void createOrg(OrgId org, String plan) {
    platform.query(
        "SELECT eclips_gate.platform_create_org(?, ?, ?)", org.value(), "probe " + org, plan);
  }

  /** One audit entry, through the chain function: the only way the app role can add one. */
  public void appendAudit(OrgId org, UUID id) {
    tenant.enter(org);
    em.createNativeQuery("SELECT eclips_append_audit(CAST(?1 AS jsonb))")
        .setParameter(
            1,
            "[{\"org\":\""
                + org
                + "\",\"rows\":[{\"id\":\""
                + id
                + "\",\"at\":\"2026-11-29T00:00:00Z\",\"actor_type\":\"system\","
                + "\"actor_id\":\"test\",\"action\":\"test\",\"outcome\":\"allowed\","
                + "\"occurrences\":1}]}]")
        .getSingleResult();
  }

  /** An org's settings and one failure on its live invoice breaker, through the application. */
  public void settingsAndABreakerFailure(OrgId org, BigDecimal limit) {
    tenant.enter(org);
    settings.setInvoiceAutoApproveLimit(limit);
    breakers.failed("invoice_processor", true, UUID.randomUUID());
  }

  /** The org's auto-approve limit and its live invoice breaker's failure count. */
  public List<Object> settingsAndBreakerFailures(OrgId org) {
    tenant.enter(org);
    return List.of(
        settings.invoiceAutoApproveLimit(),
        breakers.read("invoice_processor", true, false).orElseThrow().state().failures());
  }

  /**
   * The application's own org condition alone, with RLS pointed at another org: the transaction is
   * bound to {@code app}, then an audit group commit for {@code rls} leaves RLS on {@code rls} (the
   * per-org append binds each org in turn and stays on the last). What the settings read and how
   * many rows the breaker reset changed, and, to show RLS was on the other org, how many of its
   * settings rows plain SQL sees.
   */
  @SuppressWarnings("unchecked")
  public List<Object> settingsReadAndBreakerResetWithRlsOn(OrgId app, OrgId rls) {
    tenant.enter(app);
    audit.append(
        Map.of(
            rls,
            List.of(
                new AuditEvent(
                    ActorType.SYSTEM,
                    "test",
                    null,
                    "test",
                    null,
                    null,
                    AuditOutcome.ALLOWED,
                    null,
                    null,
                    null,
                    null,
                    1))));
    Object rlsRows = em.createNativeQuery("SELECT count(*) FROM org_settings").getSingleResult();
    BigDecimal read = settings.invoiceAutoApproveLimit();
    breakers.reset("invoice_processor", true);
    return List.of(((Number) rlsRows).intValue(), read);
  }

  /**
   * Opens the org's credit period through the ledger function (V21: the only way the app role can
   * add a period or a ledger row); returns the ids of the period's row and its monthly grant's.
   */
  public Map<Class<?>, UUID> openCreditPeriod(OrgId org) {
    tenant.enter(org);
    em.createNativeQuery("SELECT eclips_credit_open_period()").getSingleResult();
    return Map.of(
        UsagePeriod.class,
        (UUID)
            em.createNativeQuery(
                    "SELECT id FROM credit_usage_periods WHERE org_id = eclips_current_org()")
                .getSingleResult(),
        LedgerEntry.class,
        (UUID)
            em.createNativeQuery(
                    "SELECT id FROM credit_ledger WHERE org_id = eclips_current_org()"
                        + " AND entry_type = 'grant'")
                .getSingleResult());
  }

  /** One event of the org, written as the application writes them; returns its id. */
  public UUID emitEvent(OrgId org) {
    tenant.enter(org);
    events.emit(
        EventType.DOCUMENT_DELETED, true, JsonSupport.object().add("object", "document").build());
    return (UUID)
        em.createNativeQuery("SELECT id FROM events WHERE org_id = eclips_current_org()")
            .getSingleResult();
  }
}
