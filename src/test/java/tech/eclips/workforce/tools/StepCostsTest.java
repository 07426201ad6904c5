package tech.eclips.workforce.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepCostsTest {

  @Test
  void aSampleIsTheStepOfItsInnermostNamedFrame() {
    assertEquals(
        "JSON (Parsson, JSON-B)",
        StepCosts.step(
            List.of(
                "java.util.concurrent.ConcurrentLinkedQueue",
                "org.eclipse.parsson.BufferPoolImpl",
                "tech.eclips.workforce.keys.boundary.MeResource",
                "org.jboss.weld.interceptor.proxy.AroundInvokeInvocationContext",
                "tech.eclips.workforce.keys.boundary.AuthenticatedInterceptor")));
  }

  @Test
  void weldBetweenTwoInterceptorsIsCdiNotTheOuterInterceptor() {
    assertEquals(
        "CDI (Weld proxies, contexts, interceptor chain)",
        StepCosts.step(
            List.of(
                "jdk.internal.reflect.GeneratedMethodAccessor12",
                "org.jboss.weld.interceptor.proxy.NonTerminalAroundInvokeInvocationContext",
                "tech.eclips.workforce.keys.boundary.ScopeInterceptor")));
  }

  @Test
  void aFrameTakesTheFirstRuleMatchingItsClass() {
    assertEquals(
        "filter: request metrics",
        StepCosts.step(List.of("tech.eclips.workforce.metrics.boundary.RequestMetrics")));
    assertEquals(
        "ring 1: authenticate (key cache, digest, containment)",
        StepCosts.step(
            List.of(
                "java.security.MessageDigest", "tech.eclips.workforce.keys.control.KeyVerifier")));
  }

  @Test
  void aStackNoRuleNamesIsOther() {
    assertEquals("other (JDK, reflection)", StepCosts.step(List.of("java.lang.Thread")));
  }

  @Test
  void threadGroupsFromTruncatedProcNames() {
    assertEquals("request threads", StepCosts.threadGroup("Default Executo"));
    assertEquals("audit writer", StepCosts.threadGroup("eclips-audit-wr"));
    assertEquals("JIT compiler", StepCosts.threadGroup("C2 CompilerThre"));
    assertEquals("GC and VM", StepCosts.threadGroup("GC Thread#0"));
  }

  @Test
  void requestThreadCpuIsSplitBySharesAndOtherGroupsFollow() {
    List<StepCosts.Row> rows =
        StepCosts.table(
            Map.of(
                "request threads", Map.of("a", 3L, "b", 1L, "c", 0L),
                "run workers", Map.of("x", 1L)),
            new java.util.LinkedHashMap<>(
                Map.of("request threads", 100.0, "run workers", 8.0, "audit writer", 10.0)));
    assertEquals(
        List.of(
            new StepCosts.Row("a", 75.0, 3),
            new StepCosts.Row("b", 25.0, 1),
            new StepCosts.Row("run workers: x", 8.0, 1),
            new StepCosts.Row("thread group: audit writer", 10.0, -1)),
        rows);
  }

  @Test
  void stepsUnderAMicrosecondAreSummedIntoOneRow() {
    List<StepCosts.Row> rows =
        StepCosts.table(
            Map.of("request threads", Map.of("big", 198L, "tiny", 1L, "tinier", 1L)),
            Map.of("request threads", 100.0));
    assertEquals(new StepCosts.Row("steps under 1 µs each", 1.0, 2), rows.get(1));
  }
}
