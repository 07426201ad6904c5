package tech.eclips.workforce.keys.control;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import tech.eclips.workforce.json.JsonRequest;
import tech.eclips.workforce.keys.entity.KeyMode;

/**
 * A change to the org's key containment, {@code {frozen_modes?, leak_action?}}: {@code
 * frozen_modes} lists the modes whose keys are all refused ({@code []} unfreezes); {@code
 * leak_action} ({@code quarantine} or {@code revoke}) is what a verified leak report does to a key.
 * A field left out keeps its value.
 */
public record OrgContainmentChange(Set<KeyMode> frozenModes, LeakAction leakAction) {

  static final String FROZEN = "frozen_modes";
  static final String LEAK_ACTION = "leak_action";

  public static OrgContainmentChange from(String body) {
    JsonRequest json = JsonRequest.parse(body, Set.of(FROZEN, LEAK_ACTION));
    if (!json.has(FROZEN) && !json.has(LEAK_ACTION)) {
      json.error(FROZEN, "is required unless " + LEAK_ACTION + " is given");
    }
    Set<KeyMode> frozen = null;
    if (json.has(FROZEN)) {
      frozen = modes(json);
    }
    LeakAction action =
        json.optionalString(LEAK_ACTION, 20)
            .map(
                code ->
                    LeakAction.fromCode(code)
                        .orElseGet(
                            () -> {
                              json.error(LEAK_ACTION, "must be quarantine or revoke");
                              return null;
                            }))
            .orElse(null);
    json.done();
    return new OrgContainmentChange(frozen, action);
  }

  private static Set<KeyMode> modes(JsonRequest json) {
    Set<KeyMode> modes = EnumSet.noneOf(KeyMode.class);
    if (json.value(FROZEN) instanceof jakarta.json.JsonArray array && array.isEmpty()) {
      return modes;
    }
    for (String code : json.requiredStrings(FROZEN).orElse(List.of())) {
      KeyMode.fromCode(code)
          .ifPresentOrElse(modes::add, () -> json.error(FROZEN, "may list only test and live"));
    }
    return modes;
  }
}
