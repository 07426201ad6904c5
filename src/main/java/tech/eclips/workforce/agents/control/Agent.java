package tech.eclips.workforce.agents.control;

import jakarta.json.JsonObject;
import java.util.List;
import tech.eclips.workforce.problems.control.FieldError;

/** One kind of agent. Implementations are stateless and deterministic. */
public interface Agent {

  /** The {@code agent_type} clients name it by. */
  String type();

  /** Credits per run unless {@code eclips.agents.<type>.price} says otherwise. */
  long defaultPrice();

  /**
   * What is malformed in an input (wrong JSON types): refused with 400 before anything is charged.
   */
  List<FieldError> validate(JsonObject input);

  /** Does the work. Business problems are {@code exceptions} in the result, never thrown. */
  AgentResult run(JsonObject input, AgentContext context);
}
