package tech.eclips.workforce.problems.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.PersistenceException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class RedactedFailureTest {

  private static final String ROW = "Failing row contains (ACME, INV-secret-42)";

  @Test
  void keepsClassesSqlStateAndFramesButNoMessage() {
    SQLException sql = new SQLException("ERROR: refused\n  Detail: " + ROW, "23514");
    PersistenceException jpa = new PersistenceException("Internal Exception: " + ROW, sql);
    RuntimeException outer = new IllegalStateException("wrapped: " + ROW, jpa);

    RedactedFailure redacted = RedactedFailure.of(outer);

    assertFalse(printed(redacted).contains("INV-secret-42"), printed(redacted));
    assertEquals(IllegalStateException.class.getName(), redacted.getMessage());
    assertEquals(PersistenceException.class.getName(), redacted.getCause().getMessage());
    assertEquals(
        SQLException.class.getName() + " (SQLState 23514)",
        redacted.getCause().getCause().getMessage());
    assertNull(redacted.getCause().getCause().getCause());
    assertArrayEquals(outer.getStackTrace(), redacted.getStackTrace());
    assertArrayEquals(sql.getStackTrace(), redacted.getCause().getCause().getStackTrace());
  }

  @Test
  void suppressedExceptionsAreDroppedAndRedactingTwiceChangesNothing() {
    RuntimeException failure = new RuntimeException(ROW);
    failure.addSuppressed(new IllegalArgumentException(ROW));
    RedactedFailure once = RedactedFailure.of(failure);
    assertEquals(0, once.getSuppressed().length);
    assertFalse(printed(once).contains(ROW));
    assertSame(once, RedactedFailure.of(once));
  }

  @Test
  void aCycleInTheChainEnds() {
    Exception a = new Exception(ROW);
    Exception b = new Exception(ROW, a);
    a.initCause(b);
    RedactedFailure redacted = RedactedFailure.of(a);
    assertNull(redacted.getCause().getCause());
    assertTrue(RedactedFailure.fromTheDatabase(new RuntimeException(new SQLException(ROW))));
    assertFalse(RedactedFailure.fromTheDatabase(a));
    assertFalse(RedactedFailure.fromTheDatabase(new NumberFormatException(ROW)));
    assertTrue(RedactedFailure.fromTheDatabase(new PersistenceException(ROW)));
  }

  private static String printed(Throwable failure) {
    StringWriter out = new StringWriter();
    failure.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  @Test
  void aDeadlockOrSerializationFailureIsTransientRawOrRedacted() {
    Throwable deadlock =
        new PersistenceException("wrapped", new SQLException("deadlock detected", "40P01"));
    Throwable serialization = new RuntimeException(new SQLException("could not", "40001"));
    Throwable check = new PersistenceException(new SQLException("violates check", "23514"));
    assertTrue(RedactedFailure.transientConflict(deadlock));
    assertTrue(RedactedFailure.transientConflict(RedactedFailure.of(deadlock)));
    assertTrue(RedactedFailure.transientConflict(serialization));
    assertFalse(RedactedFailure.transientConflict(check));
    assertFalse(RedactedFailure.transientConflict(RedactedFailure.of(check)));
    assertFalse(RedactedFailure.transientConflict(new IllegalStateException("40P01")));
  }
}
