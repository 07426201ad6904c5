package tech.eclips.workforce.breakers.control;

import static tech.eclips.workforce.breakers.entity.CircuitState.CLOSED;
import static tech.eclips.workforce.breakers.entity.CircuitState.HALF_OPEN;
import static tech.eclips.workforce.breakers.entity.CircuitState.OPEN;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import tech.eclips.workforce.breakers.entity.CircuitState;

/**
 * One breaker's state and its transitions (CONTRACT §8): {@code failureThreshold} consecutive agent
 * failures open it; after {@code openFor} it admits exactly one trial run (half-open); the trial's
 * success closes it, its failure re-opens it. Pure, so every transition is unit-tested.
 */
public record BreakerState(CircuitState state, int failures, Instant openedAt, UUID trialRun) {

  /** While a trial runs, callers are asked to come back after this long. */
  static final long TRIAL_RETRY_SECONDS = 5;

  public static final BreakerState NEW = new BreakerState(CLOSED, 0, null, null);

  /** What a new run meets: admitted, admitted as the one trial, or refused for some seconds. */
  public sealed interface Admission permits Admit, Trial, Refuse {}

  public record Admit() implements Admission {}

  public record Trial() implements Admission {}

  public record Refuse(long retryAfterSeconds) implements Admission {}

  public Admission admission(Instant now, Duration openFor) {
    return switch (state) {
      case OPEN -> {
        Duration left = Duration.between(now, openedAt.plus(openFor));
        yield left.isNegative() || left.isZero()
            ? new Trial()
            : new Refuse(Math.max(1, (left.toMillis() + 999) / 1000));
      }
      case HALF_OPEN -> new Refuse(Math.min(TRIAL_RETRY_SECONDS, Math.max(1, openFor.toSeconds())));
      case CLOSED -> new Admit();
    };
  }

  public BreakerState trialStarted(UUID run) {
    return new BreakerState(HALF_OPEN, failures, openedAt, run);
  }

  public BreakerState afterFailure(UUID run, int failureThreshold, Instant now) {
    int counted = failures + 1;
    return switch (state) {
      case CLOSED ->
          counted >= failureThreshold
              ? new BreakerState(OPEN, counted, now, null)
              : new BreakerState(CLOSED, counted, null, null);
      case HALF_OPEN ->
          run.equals(trialRun)
              ? new BreakerState(OPEN, counted, now, null)
              : new BreakerState(HALF_OPEN, counted, openedAt, trialRun);
      case OPEN -> new BreakerState(OPEN, counted, openedAt, null);
    };
  }

  /** A success resets the count when closed and closes a half-open breaker if it was the trial. */
  public BreakerState afterSuccess(UUID run) {
    if (state == CLOSED || (state == HALF_OPEN && run.equals(trialRun))) {
      return NEW;
    }
    return this;
  }
}
