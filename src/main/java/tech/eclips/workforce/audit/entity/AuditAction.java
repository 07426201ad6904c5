package tech.eclips.workforce.audit.entity;

import java.util.Arrays;
import java.util.Optional;
import tech.eclips.workforce.json.Coded;

/**
 * The business acts the audit log names, as {@code resource.verb}. The code is stored and hashed
 * into the chain, so it never changes. The request audit's entries ({@code "METHOD /template"}) are
 * free text beside these: see {@code AuditEvents.request}.
 */
public enum AuditAction implements Coded {
  AGENT_RUN_CREATED("agent_run.created"),
  AGENT_RUN_CREATE_REPLAYED("agent_run.create_replayed"),
  AGENT_RUN_FAILED("agent_run.failed"),
  AGENT_RUN_LISTED("agent_run.listed"),
  /** A console user read one run, its input and output. */
  AGENT_RUN_VIEWED("agent_run.viewed"),
  /** A key's address allow-list set, changed or lifted. */
  API_KEY_ALLOW_LIST_CHANGED("api_key.allow_list_changed"),
  API_KEY_CREATED("api_key.created"),
  API_KEY_DISABLED("api_key.disabled"),
  API_KEY_ENABLED("api_key.enabled"),
  API_KEY_EXPIRING("api_key.expiring"),
  /** A verified leak report named the key (its code: what was done, quarantined or revoked). */
  API_KEY_LEAKED("api_key.leaked"),
  API_KEY_LISTED("api_key.listed"),
  API_KEY_QUARANTINED("api_key.quarantined"),
  API_KEY_RELEASED("api_key.released"),
  API_KEY_REVOKED("api_key.revoked"),
  API_KEY_ROTATED("api_key.rotated"),
  API_KEY_UPDATED("api_key.updated"),
  /** An update that gives a key more: a scope, a higher limit, a later expiry or none. */
  API_KEY_WIDENED("api_key.widened"),
  /** Every key of a mode frozen or thawed (the code: the frozen modes afterwards). */
  API_KEYS_FROZEN("api_keys.frozen"),
  /** Every key of a mode revoked in one call (the code: the mode and how many). */
  API_KEYS_REVOKED("api_keys.revoked"),
  AUDIT_LOG_EXPORTED("audit_log.exported"),
  AUDIT_LOG_LISTED("audit_log.listed"),
  AUDIT_LOG_VERIFIED("audit_log.verified"),
  CIRCUIT_BREAKER_CLOSED("circuit_breaker.closed"),
  CIRCUIT_BREAKER_OPENED("circuit_breaker.opened"),
  CIRCUIT_BREAKER_RESET("circuit_breaker.reset"),
  CREDITS_BUDGET_SET("credits.budget_set"),
  CREDITS_GRANTED("credits.granted"),
  DOCUMENT_DELETED("document.deleted"),
  DOCUMENT_DOWNLOADED("document.downloaded"),
  DOCUMENT_UPLOADED("document.uploaded"),
  ORG_CREATED("org.created"),
  ORG_PLAN_CHANGED("org.plan_changed"),
  SETTINGS_UPDATED("settings.updated"),
  TRIAGE_ITEM_APPROVED("triage_item.approved"),
  TRIAGE_ITEM_REJECTED("triage_item.rejected"),
  TRIAGE_ITEM_LISTED("triage_item.listed"),
  TRUST_PROFILE_PINNED("trust_profile.pinned"),
  TRUST_PROFILE_UNPINNED("trust_profile.unpinned"),
  TRUST_PROFILE_PROMOTED("trust_profile.promoted"),
  TRUST_PROFILE_DEMOTED("trust_profile.demoted"),
  WEBHOOK_ENDPOINT_CREATED("webhook_endpoint.created"),
  /** The code names the changed fields ({@code url}, {@code event_types}, {@code enabled} …). */
  WEBHOOK_ENDPOINT_UPDATED("webhook_endpoint.updated"),
  WEBHOOK_ENDPOINT_DELETED("webhook_endpoint.deleted"),
  WEBHOOK_ENDPOINT_SECRET_ROTATED("webhook_endpoint.secret_rotated"),
  /** By the delivery (system actor): every attempt failed for the whole retry window. */
  WEBHOOK_ENDPOINT_DISABLED("webhook_endpoint.disabled"),
  /** An admin asked for one event to be delivered again; the code names the event. */
  WEBHOOK_EVENT_REDELIVERED("webhook_event.redelivered");

  private final String code;

  AuditAction(String code) {
    this.code = code;
  }

  @Override
  public String code() {
    return code;
  }

  public static Optional<AuditAction> fromCode(String code) {
    return Arrays.stream(values()).filter(v -> v.code.equals(code)).findFirst();
  }
}
