package tech.eclips.workforce.problems.control;

import jakarta.ejb.ApplicationException;
import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * A failure as it may be written to a log: each throwable of the chain by its class, a SQL failure
 * with its SQLState, and the original stack frames, but never a message. Messages are where client
 * data leaks: PostgreSQL quotes a failing row or a snippet of JSON input ({@code DETAIL}, {@code
 * WHERE}), a cast error quotes the value ({@code invalid input syntax for type uuid: "…"}), a
 * trigger's message is whatever it says, {@code NumberFormatException} quotes its input. Log {@code
 * RedactedFailure.of(e)}, never {@code e}.
 *
 * <p>It is also what an EJB boundary throws instead of a persistence failure ({@code
 * problems.boundary.PersistenceFailures}): an application exception that rolls back, so the
 * container neither logs it (CNTR0020E with the full message) nor writes an FFDC incident.
 */
@ApplicationException(rollback = true)
public final class RedactedFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Deeper chains are cut: EclipseLink wraps three or four levels, never twenty. */
  private static final int MAX_CHAIN = 16;

  private RedactedFailure(String summary, StackTraceElement[] frames, RedactedFailure cause) {
    super(summary, cause, false, true);
    setStackTrace(frames);
  }

  /** The failure without any message; already redacted links are kept as they are. */
  public static RedactedFailure of(Throwable failure) {
    return redact(failure, Collections.newSetFromMap(new IdentityHashMap<>()));
  }

  /** The class and, for a SQL failure, the SQLState: {@code PSQLException (SQLState 23514)}. */
  public static String describe(Throwable failure) {
    if (failure instanceof RedactedFailure redacted) {
      return redacted.getMessage();
    }
    String name = failure.getClass().getName();
    if (failure instanceof SQLException sql && sql.getSQLState() != null) {
      return name + " (SQLState " + sql.getSQLState() + ")";
    }
    return name;
  }

  /** True when the chain holds a JDBC or JPA failure, whose message may quote a row. */
  public static boolean fromTheDatabase(Throwable failure) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
      if (t instanceof SQLException || t instanceof jakarta.persistence.PersistenceException) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when the database rolled the transaction back for a conflict with another one (SQLState
   * class 40: a deadlock, a serialization failure): nothing was wrong with the request, and the
   * same request again will most likely succeed.
   */
  public static boolean transientConflict(Throwable failure) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
      String state =
          t instanceof SQLException sql
              ? sql.getSQLState()
              : t instanceof RedactedFailure ? sqlStateOf(t.getMessage()) : null;
      if (state != null && state.startsWith("40")) {
        return true;
      }
    }
    return false;
  }

  private static String sqlStateOf(String summary) {
    int at = summary == null ? -1 : summary.indexOf("(SQLState ");
    return at < 0 ? null : summary.substring(at + "(SQLState ".length()).replace(")", "");
  }

  private static RedactedFailure redact(Throwable failure, Set<Throwable> seen) {
    if (failure instanceof RedactedFailure redacted) {
      return redacted;
    }
    seen.add(failure);
    Throwable cause = failure.getCause();
    RedactedFailure redactedCause =
        cause == null || seen.contains(cause) || seen.size() >= MAX_CHAIN
            ? null
            : redact(cause, seen);
    return new RedactedFailure(describe(failure), failure.getStackTrace(), redactedCause);
  }
}
