package tech.eclips.workforce.triage.control;

import java.util.Set;
import tech.eclips.workforce.json.JsonRequest;
import tech.eclips.workforce.problems.control.Problems;

/** A valid resolve body: {@code {decision: approve|reject, note?}}. */
public record Resolution(TriageDecision decision, String note) {

  static final int MAX_NOTE = 2000;

  public static Resolution from(String body) {
    JsonRequest json = JsonRequest.parse(body, Set.of("decision", "note"));
    TriageDecision decision =
        json.requiredString("decision", 16)
            .flatMap(
                d ->
                    TriageDecision.fromCode(d)
                        .or(() -> json.error("decision", "must be approve or reject")))
            .orElse(null);
    String note = json.optionalString("note", MAX_NOTE).orElse(null);
    json.done();
    if (decision == null) {
      throw Problems.invalidRequest("decision", "must be approve or reject");
    }
    return new Resolution(decision, note);
  }
}
