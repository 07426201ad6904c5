package tech.eclips.workforce.triage.boundary;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import tech.eclips.workforce.audit.control.AuditEvent;
import tech.eclips.workforce.audit.control.AuditEvents;
import tech.eclips.workforce.audit.control.AuditTrail;
import tech.eclips.workforce.audit.entity.AuditAction;
import tech.eclips.workforce.audit.entity.AuditOutcome;
import tech.eclips.workforce.events.control.EventLog;
import tech.eclips.workforce.events.control.EventObjects;
import tech.eclips.workforce.events.entity.EventType;
import tech.eclips.workforce.requests.control.Caller;
import tech.eclips.workforce.requests.control.ConsoleUser;
import tech.eclips.workforce.tenancy.entity.OrgId;
import tech.eclips.workforce.triage.control.TriageQueue.Resolved;
import tech.eclips.workforce.triage.entity.TriageStatus;

/**
 * The audit entries and events of a resolution, in its transaction: the decision (and the run's
 * outcome), and the trust profile's promotion or demotion when the decision moved it. And the audit
 * entry of a console user's read of the queue.
 */
@Dependent
class TriageAudit {

  @Inject AuditTrail audit;
  @Inject AuditEvents events;
  @Inject EventLog eventLog;

  void resolvedByKey(Caller who, Resolved resolved) {
    record(
        who.org(),
        resolved,
        (action, id) -> events.key(who, action, id.type, id.id, AuditOutcome.ALLOWED, null));
  }

  void resolvedByUser(ConsoleUser user, Resolved resolved) {
    record(
        user.org(),
        resolved,
        (action, id) -> events.userAllowed(user.subject(), action, id.type, id.id));
  }

  /** One entry per page of the queue a console user read, in the read's transaction. */
  void listedByUser(ConsoleUser user) {
    audit.record(
        user.org(),
        events.userAllowed(user.subject(), AuditAction.TRIAGE_ITEM_LISTED, "triage_item", null));
  }

  private record Target(String type, String id) {}

  private interface EventOf {
    AuditEvent of(AuditAction action, Target target);
  }

  private static AuditAction decision(TriageStatus resolvedAs) {
    return switch (resolvedAs) {
      case APPROVED -> AuditAction.TRIAGE_ITEM_APPROVED;
      case REJECTED -> AuditAction.TRIAGE_ITEM_REJECTED;
      case OPEN -> throw new IllegalStateException("a resolution leaves no item open");
    };
  }

  private void record(OrgId org, Resolved resolved, EventOf event) {
    emit(resolved);
    audit.record(
        org,
        event.of(
            decision(resolved.item().status()),
            new Target("triage_item", resolved.item().id().toString())));
    resolved
        .trustMove()
        .filter(move -> move.levelChanged())
        .ifPresent(
            move ->
                audit.record(
                    org,
                    event.of(
                        move.after().level().compareTo(move.before().level()) > 0
                            ? AuditAction.TRUST_PROFILE_PROMOTED
                            : AuditAction.TRUST_PROFILE_DEMOTED,
                        new Target(
                            "trust_profile",
                            resolved.item().agentType() + ":" + move.after().level().code()))));
  }

  /** The events: the item resolved, its run's outcome, the trust move if the level changed. */
  private void emit(Resolved resolved) {
    var item = resolved.item();
    boolean live = item.livemode();
    eventLog.emit(EventType.TRIAGE_ITEM_RESOLVED, live, TriageJson.of(item));
    boolean approved = item.status() == TriageStatus.APPROVED;
    eventLog.emit(
        approved ? EventType.AGENT_RUN_SUCCEEDED : EventType.AGENT_RUN_REJECTED,
        live,
        EventObjects.run(
            item.runId().value(),
            item.agentType(),
            approved ? "succeeded" : "rejected",
            live,
            null,
            item.id(),
            null));
    resolved
        .trustMove()
        .filter(move -> move.levelChanged())
        .ifPresent(
            move ->
                eventLog.emit(
                    move.after().level().compareTo(move.before().level()) > 0
                        ? EventType.TRUST_PROFILE_PROMOTED
                        : EventType.TRUST_PROFILE_DEMOTED,
                    live,
                    EventObjects.trustProfile(
                        item.agentType(),
                        live,
                        move.after().level().code(),
                        move.before().level().code())));
  }
}
