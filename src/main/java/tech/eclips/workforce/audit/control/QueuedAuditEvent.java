package tech.eclips.workforce.audit.control;

import tech.eclips.workforce.tenancy.entity.OrgId;

/** An audit event waiting for the group commit, with the org whose chain it joins. */
public record QueuedAuditEvent(OrgId org, AuditEvent event) {}
