package tech.eclips.workforce.agents.control;

import jakarta.json.JsonObject;

/** What an agent produced; a result with exceptions goes to a human (triage). */
public record AgentResult(JsonObject output, boolean hasExceptions) {}
