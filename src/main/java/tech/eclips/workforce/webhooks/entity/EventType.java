package tech.eclips.workforce.webhooks.entity;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import tech.eclips.workforce.json.Coded;

/**
 * The event types an endpoint may subscribe to (issue 23, CONTRACT §12). The events outbox names
 * the same codes; an endpoint's set is stored as their comma-joined codes.
 */
public enum EventType implements Coded {
  AGENT_RUN_SUCCEEDED("agent_run.succeeded"),
  AGENT_RUN_FAILED("agent_run.failed"),
  AGENT_RUN_AWAITING_REVIEW("agent_run.awaiting_review"),
  AGENT_RUN_REJECTED("agent_run.rejected"),
  TRIAGE_ITEM_CREATED("triage_item.created"),
  TRIAGE_ITEM_RESOLVED("triage_item.resolved"),
  TRUST_PROFILE_PROMOTED("trust_profile.promoted"),
  TRUST_PROFILE_DEMOTED("trust_profile.demoted"),
  CIRCUIT_BREAKER_OPENED("circuit_breaker.opened"),
  CIRCUIT_BREAKER_CLOSED("circuit_breaker.closed"),
  API_KEY_CREATED("api_key.created"),
  API_KEY_ROTATED("api_key.rotated"),
  API_KEY_REVOKED("api_key.revoked"),
  API_KEY_EXPIRING("api_key.expiring"),
  CREDITS_LOW("credits.low"),
  CREDITS_BUDGET_REACHED("credits.budget_reached"),
  DOCUMENT_DELETED("document.deleted");

  private final String code;

  EventType(String code) {
    this.code = code;
  }

  @Override
  public String code() {
    return code;
  }

  public static Optional<EventType> fromCode(String code) {
    return Arrays.stream(values()).filter(t -> t.code.equals(code)).findFirst();
  }

  /** In declaration order, so that equal sets are stored alike. */
  public static String join(Collection<EventType> types) {
    Set<EventType> ordered = EnumSet.noneOf(EventType.class);
    ordered.addAll(types);
    return ordered.stream().map(EventType::code).collect(Collectors.joining(","));
  }

  public static Set<EventType> split(String joined) {
    Set<EventType> types = EnumSet.noneOf(EventType.class);
    for (String code : joined.split(",")) {
      fromCode(code).ifPresent(types::add);
    }
    return types;
  }
}
