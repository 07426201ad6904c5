package tech.eclips.workforce.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ServerGaugeTest {

  private static final String SCRAPE =
      """
      # HELP eclips_audit_queue_depth_total something else
      eclips_audit_queue_depth_total{mp_scope="application"} 9.0
      # TYPE eclips_audit_queue_depth gauge
      eclips_audit_queue_depth{mp_scope="application"} 16887.0
      eclips_key_cache_size 12
      """;

  @Test
  void readsTheGaugeNamedNotOneThatStartsAlike() {
    assertEquals(16887.0, ServerGauge.valueOf(SCRAPE, "eclips_audit_queue_depth"));
    assertEquals(12.0, ServerGauge.valueOf(SCRAPE, "eclips_key_cache_size"));
  }

  @Test
  void aGaugeTheServerDoesNotReportIsNaN() {
    assertTrue(Double.isNaN(ServerGauge.valueOf(SCRAPE, "eclips_audit")));
  }
}
