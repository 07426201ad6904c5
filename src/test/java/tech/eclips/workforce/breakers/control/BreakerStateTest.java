package tech.eclips.workforce.breakers.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tech.eclips.workforce.breakers.control.BreakerState.Admit;
import tech.eclips.workforce.breakers.control.BreakerState.Refuse;
import tech.eclips.workforce.breakers.control.BreakerState.Trial;
import tech.eclips.workforce.breakers.entity.CircuitState;

class BreakerStateTest {

  private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
  private static final Duration OPEN_FOR = Duration.ofSeconds(60);

  private static BreakerState fail(BreakerState state, int times) {
    for (int i = 0; i < times; i++) {
      state = state.afterFailure(UUID.randomUUID(), 5, T0);
    }
    return state;
  }

  @Test
  void fiveConsecutiveFailuresOpenIt() {
    assertEquals(CircuitState.CLOSED, fail(BreakerState.NEW, 4).state());
    BreakerState open = fail(BreakerState.NEW, 5);
    assertEquals(CircuitState.OPEN, open.state());
    assertEquals(T0, open.openedAt());
  }

  @Test
  void aSuccessResetsTheCount() {
    BreakerState four = fail(BreakerState.NEW, 4).afterSuccess(UUID.randomUUID());
    assertEquals(CircuitState.CLOSED, fail(four, 4).state());
  }

  @Test
  void openRefusesWithTheSecondsLeftThenAdmitsOneTrial() {
    BreakerState open = fail(BreakerState.NEW, 5);
    assertEquals(new Refuse(60), open.admission(T0, OPEN_FOR));
    assertEquals(new Refuse(1), open.admission(T0.plusMillis(59_001), OPEN_FOR));
    assertEquals(new Refuse(21), open.admission(T0.plusMillis(39_500), OPEN_FOR));
    assertInstanceOf(Trial.class, open.admission(T0.plusSeconds(60), OPEN_FOR));
    assertInstanceOf(Admit.class, BreakerState.NEW.admission(T0, OPEN_FOR));
  }

  @Test
  void theTrialDecides() {
    UUID trial = UUID.randomUUID();
    BreakerState halfOpen = fail(BreakerState.NEW, 5).trialStarted(trial);
    assertInstanceOf(Refuse.class, halfOpen.admission(T0.plusSeconds(61), OPEN_FOR));
    assertEquals(halfOpen, halfOpen.afterSuccess(UUID.randomUUID()));
    assertEquals(BreakerState.NEW, halfOpen.afterSuccess(trial));
    Instant later = T0.plusSeconds(70);
    BreakerState reopened = halfOpen.afterFailure(trial, 5, later);
    assertEquals(CircuitState.OPEN, reopened.state());
    assertEquals(later, reopened.openedAt());
    assertEquals(
        CircuitState.HALF_OPEN, halfOpen.afterFailure(UUID.randomUUID(), 5, later).state());
  }
}
