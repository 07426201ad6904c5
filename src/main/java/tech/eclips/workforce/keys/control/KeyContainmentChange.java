package tech.eclips.workforce.keys.control;

import jakarta.json.JsonValue;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tech.eclips.workforce.json.JsonRequest;
import tech.eclips.workforce.requests.control.AddressRanges;

/**
 * A change to one key's containment, {@code {allowed_ips?, quarantined?, pinned_ips?}}: a field
 * left out keeps its value; {@code allowed_ips: null} lifts the allow-list; {@code quarantined:
 * true} quarantines the key, pinned to {@code pinned_ips} or, without them, to the addresses it was
 * seen from; {@code false} lifts the quarantine.
 */
public record KeyContainmentChange(
    boolean changesAllowList, AddressRanges allowed, Boolean quarantined, AddressRanges pinned) {

  static final String ALLOWED = "allowed_ips";
  static final String QUARANTINED = "quarantined";
  static final String PINNED = "pinned_ips";

  public static KeyContainmentChange from(String body) {
    JsonRequest json = JsonRequest.parse(body, Set.of(ALLOWED, QUARANTINED, PINNED));
    if (!json.has(ALLOWED) && !json.has(QUARANTINED)) {
      json.error(ALLOWED, "is required unless " + QUARANTINED + " is given");
    }
    boolean liftAllowList = json.value(ALLOWED) == JsonValue.NULL;
    AddressRanges allowed =
        json.has(ALLOWED) && !liftAllowList ? ranges(json, ALLOWED).orElse(null) : null;
    Boolean quarantined = null;
    JsonValue flag = json.value(QUARANTINED);
    if (flag == JsonValue.TRUE || flag == JsonValue.FALSE) {
      quarantined = flag == JsonValue.TRUE;
    } else if (flag != null) {
      json.error(QUARANTINED, "must be true or false");
    }
    AddressRanges pinned = null;
    if (json.has(PINNED)) {
      if (!Boolean.TRUE.equals(quarantined)) {
        json.error(PINNED, "is allowed only with \"quarantined\": true");
      } else {
        pinned = ranges(json, PINNED).orElse(null);
      }
    }
    json.done();
    return new KeyContainmentChange(json.has(ALLOWED), allowed, quarantined, pinned);
  }

  private static Optional<AddressRanges> ranges(JsonRequest json, String field) {
    Optional<List<String>> written = json.requiredStrings(field);
    if (written.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(AddressRanges.parse(written.get()));
    } catch (IllegalArgumentException invalid) {
      return json.error(field, invalid.getMessage());
    }
  }
}
