package tech.eclips.workforce.events.entity;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import tech.eclips.workforce.json.Coded;

/**
 * What an event says happened, as {@code resource.verb}. The codes are the events table's CHECK
 * list (V27) and the OpenAPI document's enum; receivers switch on them, so they never change.
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
  /** A verified leak report named the key (V31). */
  API_KEY_LEAKED("api_key.leaked"),
  API_KEY_QUARANTINED("api_key.quarantined"),
  /** Written by the database's debit (V27), never by Java. */
  CREDITS_LOW("credits.low"),
  /** Written by the database's debit (V27), never by Java. */
  CREDITS_BUDGET_REACHED("credits.budget_reached"),
  DOCUMENT_DELETED("document.deleted"),
  /** A key's denials or distinct addresses in an hour crossed the alert threshold (V34). */
  API_KEY_USAGE_ALERT("api_key.usage_alert"),
  /** Written by the webhook delivery when an endpoint failed for the whole retry window (V29). */
  WEBHOOK_ENDPOINT_DISABLED("webhook_endpoint.disabled");

  private final String code;

  EventType(String code) {
    this.code = code;
  }

  @Override
  public String code() {
    return code;
  }

  public static Optional<EventType> fromCode(String code) {
    return Arrays.stream(values()).filter(v -> v.code.equals(code)).findFirst();
  }

  /** A set's codes, comma-joined in declaration order, so that equal sets are stored alike. */
  public static String join(Collection<EventType> types) {
    Set<EventType> ordered = EnumSet.noneOf(EventType.class);
    ordered.addAll(types);
    return ordered.stream().map(EventType::code).collect(Collectors.joining(","));
  }

  /** The set {@link #join} stored (a webhook endpoint's subscriptions). */
  public static Set<EventType> split(String joined) {
    Set<EventType> types = EnumSet.noneOf(EventType.class);
    for (String code : joined.split(",")) {
      fromCode(code).ifPresent(types::add);
    }
    return types;
  }
}
