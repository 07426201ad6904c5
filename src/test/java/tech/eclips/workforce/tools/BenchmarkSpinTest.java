package tech.eclips.workforce.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The spinning pings burn what /v1/me costs beyond ping: server and PostgreSQL, less ping's. */
class BenchmarkSpinTest {

  @Test
  void theSpinIsTheGuardedCostLessPingRounded() {
    assertEquals(150, Benchmark.beyondPing(207.5, 82.9, 140.05));
  }

  @Test
  void aGuardedReadCheaperThanPingSpinsNothing() {
    assertEquals(0, Benchmark.beyondPing(80, 10, 120));
  }
}
