package tech.eclips.workforce.tenancy.entity;

import java.util.Objects;
import java.util.UUID;

/** An organization's identity: the tenant. A value type so it cannot be mixed up with other ids. */
public record OrgId(UUID value) {

  public OrgId {
    Objects.requireNonNull(value, "org id");
  }

  public static OrgId of(String text) {
    return new OrgId(UUID.fromString(text));
  }

  public static OrgId random() {
    return new OrgId(UUID.randomUUID());
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
