package tech.eclips.workforce.events.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import tech.eclips.workforce.tenancy.entity.TenantOwned;

/**
 * One event as stored: read through JPA (tenant filtered twice), written with one INSERT by {@code
 * EventLog} or by the database's credit functions. The API shows its id as {@code evt_} and the
 * uuid's 32 hex digits.
 */
@Entity
@Table(name = "events")
public class Event extends TenantOwned {

  private static final String PREFIX = "evt_";

  @Column(insertable = false, updatable = false)
  private long seq;

  private boolean livemode;

  @Column(name = "type")
  @Convert(converter = EventTypeConverter.class)
  private EventType eventType;

  @Column(name = "created_at", insertable = false, updatable = false)
  private OffsetDateTime createdAt;

  /** The object as stored (jsonb): the resource, or its bounded summary. */
  @Column(insertable = false, updatable = false)
  private String data;

  protected Event() {}

  public long seq() {
    return seq;
  }

  public boolean livemode() {
    return livemode;
  }

  public EventType type() {
    return eventType;
  }

  public OffsetDateTime createdAt() {
    return createdAt;
  }

  public String data() {
    return data;
  }

  /** {@code evt_} and the uuid's hex digits. */
  public String publicId() {
    return publicId(id);
  }

  public static String publicId(UUID id) {
    return PREFIX + id.toString().replace("-", "");
  }

  /** The uuid behind a public id; empty for anything that is not one. */
  public static Optional<UUID> parse(String publicId) {
    if (publicId == null
        || publicId.length() != PREFIX.length() + 32
        || !publicId.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String hex = publicId.substring(PREFIX.length()).toLowerCase(Locale.ROOT);
    if (!hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return Optional.empty();
    }
    return Optional.of(
        new UUID(
            Long.parseUnsignedLong(hex.substring(0, 16), 16),
            Long.parseUnsignedLong(hex.substring(16), 16)));
  }
}
