package tech.eclips.workforce.audit.control;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;
import tech.eclips.workforce.json.Ids;
import tech.eclips.workforce.problems.control.FieldError;
import tech.eclips.workforce.problems.control.Problems;

/**
 * {@code from}, {@code to} (RFC 3339), {@code action} (exact), {@code starting_after} (an entry
 * id).
 */
public record AuditFilter(
    Optional<Instant> from, Optional<Instant> to, Optional<String> action, Optional<UUID> after) {

  public static AuditFilter of(String from, String to, String action, String startingAfter) {
    Optional<UUID> after =
        Optional.ofNullable(startingAfter)
            .map(
                s ->
                    Ids.uuid(s)
                        .orElseThrow(
                            () ->
                                Problems.invalidRequest(
                                    "starting_after", "is not an audit entry id")));
    return new AuditFilter(
        time("from", from),
        time("to", to),
        Optional.ofNullable(action).filter(a -> !a.isBlank()),
        after);
  }

  /**
   * Filtered by action or time: the database may have to pass over much of the log to fill a page,
   * so such a query costs more than a plain page (CONTRACT §11).
   */
  public boolean narrowed() {
    return action.isPresent() || from.isPresent() || to.isPresent();
  }

  private static Optional<Instant> time(String field, String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(value));
    } catch (DateTimeParseException e) {
      throw Problems.invalidRequest(
          java.util.List.of(
              new FieldError(field, "must be an RFC 3339 UTC time such as 2026-11-01T00:00:00Z")));
    }
  }
}
