package tech.eclips.workforce.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's figures are medians over interleaved pairs: one slow pair must not move them. */
class BenchmarkMedianTest {

  @Test
  void anOddCountTakesTheMiddleValueWhateverTheOrder() {
    assertEquals(0.4, Benchmark.median(List.of(0.9, 0.4, 0.1)));
  }

  @Test
  void anEvenCountTakesTheMeanOfTheTwoMiddleValues() {
    assertEquals(0.35, Benchmark.median(List.of(0.1, 0.3, 0.4, 5.0)), 1e-9);
  }

  @Test
  void noValuesIsNoFigure() {
    assertTrue(Double.isNaN(Benchmark.median(List.of())));
  }
}
