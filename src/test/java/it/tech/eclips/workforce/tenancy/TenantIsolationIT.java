package it.tech.eclips.workforce.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.Deployments;
import it.tech.eclips.workforce.InContainer;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import javax.naming.InitialContext;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import tech.eclips.workforce.orgs.entity.Organization;
import tech.eclips.workforce.runs.entity.AgentRun;
import tech.eclips.workforce.runs.entity.RunId;
import tech.eclips.workforce.settings.control.OrgSettings;
import tech.eclips.workforce.tenancy.entity.OrgId;
import tech.eclips.workforce.triage.entity.TriageItem;

/** Tenant isolation through the application's own JPA stack, inside the running server. */
@InContainer
class TenantIsolationIT {

  @Deployment
  static WebArchive deployment() {
    return Deployments.war(TenantIsolationIT.class);
  }

  @Inject TenantProbe probe;

  private OrgId newOrg() {
    OrgId org = OrgId.random();
    probe.createOrg(org, "team");
    return org;
  }

  @Test
  void theFixtureCoversEveryEntityOfThePersistenceUnit() {
    Set<Class<?>> covered = new HashSet<>(EveryEntity.WRITABLE.keySet());
    covered.addAll(EveryEntity.READ_ONLY.keySet());
    covered.add(EveryEntity.NEEDS_RUN);
    assertEquals(covered, Set.copyOf(probe.entityTypes()));
  }

  @Test
  void anotherOrgsRowIsNotFoundForAnyEntityType() {
    OrgId a = newOrg();
    OrgId b = newOrg();
    for (Map.Entry<Class<?>, java.util.function.Function<UUID, Object>> type :
        EveryEntity.WRITABLE.entrySet()) {
      UUID id = UUID.randomUUID();
      probe.persist(a, type.getValue().apply(id));
      assertNotNull(probe.find(a, type.getKey(), id), type.getKey().getSimpleName());
      assertNull(
          probe.find(b, type.getKey(), id),
          () -> type.getKey().getSimpleName() + " of A found by B");
    }
    UUID run = UUID.randomUUID();
    probe.persist(a, new AgentRun(run, "invoice_processor", false, 10, "{}"));
    UUID triage = UUID.randomUUID();
    probe.persist(a, new TriageItem(triage, new RunId(run), "invoice_processor", "[]"));
    assertNotNull(probe.find(a, TriageItem.class, triage));
    assertNull(probe.find(b, TriageItem.class, triage));

    Map<Class<?>, UUID> readOnlyRows = new HashMap<>(probe.openCreditPeriod(a));
    UUID audit = UUID.randomUUID();
    probe.appendAudit(a, audit);
    readOnlyRows.put(tech.eclips.workforce.audit.entity.AuditEntry.class, audit);
    readOnlyRows.put(tech.eclips.workforce.events.entity.Event.class, probe.emitEvent(a));
    for (Map.Entry<Class<?>, UUID> readOnly : readOnlyRows.entrySet()) {
      assertNotNull(probe.find(a, readOnly.getKey(), readOnly.getValue()));
      assertNull(probe.find(b, readOnly.getKey(), readOnly.getValue()));
    }
    assertNotNull(probe.find(a, Organization.class, a.value()));
    assertNull(probe.find(b, Organization.class, a.value()), "org A's own record seen by B");
  }

  @Test
  void jpqlUpdateAndDeleteOfAnotherOrgsRowTouchNothing() {
    OrgId a = newOrg();
    OrgId b = newOrg();
    UUID runOfB = UUID.randomUUID();
    probe.persist(b, new AgentRun(runOfB, "invoice_processor", true, 10, "{}"));
    assertEquals(0, probe.updateRunStatusByJpql(a, runOfB));
    assertEquals(0, probe.deleteRunByJpql(a, runOfB));
    AgentRun stillThere = probe.find(b, AgentRun.class, runOfB);
    assertEquals(tech.eclips.workforce.runs.entity.RunStatus.QUEUED, stillThere.status());
  }

  @Test
  void nativeSqlThroughTheAppsConnectionSeesOnlyItsOrg() {
    OrgId a = newOrg();
    OrgId b = newOrg();
    probe.persist(a, new AgentRun(UUID.randomUUID(), "invoice_processor", true, 10, "{}"));
    probe.persist(b, new AgentRun(UUID.randomUUID(), "invoice_processor", true, 10, "{}"));
    List<String> tables = probe.readableOrgScopedTables();
    assertTrue(tables.contains("agent_runs") && tables.contains("audit_log"), tables::toString);
    for (String table : tables) {
      List<String> seen = probe.orgIdsVisibleToNativeSql(a, table);
      assertTrue(
          seen.isEmpty() || seen.equals(List.of(a.toString())), () -> table + " showed " + seen);
    }
  }

  /** Liberty and WildFly alike run the unit on EclipseLink (persistence.xml names it). */
  @Test
  void thePersistenceUnitRunsOnEclipseLink() {
    String provider = probe.providerOfTheUnit();
    assertTrue(
        provider.startsWith("org.eclipse.persistence.") && !provider.contains("hibernate"),
        provider);
  }

  @Test
  void eclipseLinksDiscriminatorAloneStopsCrossTenantReads() {
    OrgId a = newOrg();
    OrgId b = newOrg();
    probe.persist(b, new AgentRun(UUID.randomUUID(), "invoice_processor", true, 10, "{}"));
    assertFalse(probe.runsVisibleToJpql(b).isEmpty());
    assertEquals(List.of(), probe.runsWithRlsForOneOrgAndJpaTenantForAnother(b, a));
  }

  /**
   * The first ring for native SQL: with RLS pointed at another org, the application's own {@code
   * org_id = ?} (BoundOrg) still keeps statements in the org the transaction was bound to.
   */
  @Test
  void theApplicationsOrgConditionAloneStopsCrossTenantNativeSql() {
    OrgId a = newOrg();
    OrgId b = newOrg();
    BigDecimal limitOfB = new BigDecimal("123.45");
    probe.settingsAndABreakerFailure(b, limitOfB);
    List<Object> seen = probe.settingsReadAndBreakerResetWithRlsOn(a, b);
    assertEquals(1, seen.get(0), "RLS was not pointed at B: the test proves nothing");
    assertEquals(0, OrgSettings.DEFAULT_AUTO_APPROVE_LIMIT.compareTo((BigDecimal) seen.get(1)));
    List<Object> ofB = probe.settingsAndBreakerFailures(b);
    assertEquals(0, limitOfB.compareTo((BigDecimal) ofB.get(0)));
    assertEquals(1, ofB.get(1), "A's reset changed B's breaker");
  }

  @Test
  void noTransactionInheritsTheTenantOfAnEarlierOne() {
    OrgId a = newOrg();
    for (int i = 0; i < 50; i++) {
      probe.runsVisibleToJpql(a);
      assertEquals("", probe.currentRlsTenant(), "a pooled connection carried the tenant over");
    }
  }

  @Test
  void concurrentTransactionsAcrossOrgsNeverSeeAForeignRow() throws Exception {
    List<OrgId> orgs = List.of(newOrg(), newOrg(), newOrg(), newOrg());
    Map<OrgId, Set<UUID>> runsOf = new java.util.HashMap<>();
    for (OrgId org : orgs) {
      Set<UUID> ids = new HashSet<>();
      for (int i = 0; i < 5; i++) {
        UUID id = UUID.randomUUID();
        probe.persist(org, new AgentRun(id, "document_classifier", false, 2, "{}"));
        ids.add(id);
      }
      runsOf.put(org, ids);
    }
    List<Callable<String>> readers = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      OrgId org = orgs.get(ThreadLocalRandom.current().nextInt(orgs.size()));
      readers.add(() -> foreignRowsSeenBy(org, runsOf.get(org)));
    }
    ManagedExecutorService executor =
        InitialContext.doLookup("java:comp/DefaultManagedExecutorService");
    List<String> violations = new ArrayList<>();
    for (Future<String> result : executor.invokeAll(readers)) {
      if (!result.get().isEmpty()) {
        violations.add(result.get());
      }
    }
    assertEquals(List.of(), violations);
  }

  private String foreignRowsSeenBy(OrgId org, Set<UUID> own) {
    Set<UUID> seen = new HashSet<>();
    probe.runsVisibleToJpql(org).forEach(r -> seen.add(r.id()));
    List<String> nativeOrgs = probe.orgIdsVisibleToNativeSql(org, "agent_runs");
    boolean ok = seen.equals(own) && nativeOrgs.equals(List.of(org.toString()));
    return ok ? "" : org + " saw " + seen + " / " + nativeOrgs;
  }
}
