package tech.eclips.workforce.keys.control;

import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * Something that decides whether an org's keys work changed: a key revoked or rotated, a new plan.
 */
public record KeysChanged(OrgId org) {}
