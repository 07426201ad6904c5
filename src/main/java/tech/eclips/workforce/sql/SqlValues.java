package tech.eclips.workforce.sql;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Native query results come back as the driver's types (a {@code timestamptz} as a {@link
 * Timestamp} or an {@link OffsetDateTime}, a {@code uuid} as a {@link UUID} or its text).
 */
public final class SqlValues {

  private SqlValues() {}

  public static Instant instant(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Timestamp timestamp) {
      return timestamp.toInstant();
    }
    if (value instanceof OffsetDateTime dateTime) {
      return dateTime.toInstant();
    }
    throw new IllegalArgumentException("not a timestamp: " + value.getClass());
  }

  public static UUID uuid(Object value) {
    return value == null || value instanceof UUID
        ? (UUID) value
        : UUID.fromString(value.toString());
  }
}
