/**
 * Trust profiles per (org, agent type) and the trust gate (ring step 6 once a result exists):
 * supervised, guarded or autonomous decides which results wait for a human; reviewers' live
 * decisions promote and demote the profile; an org admin can pin it.
 */
package tech.eclips.workforce.trust;
