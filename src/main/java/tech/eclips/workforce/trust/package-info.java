/**
 * Trust profiles per (org, mode, agent type) and the trust gate (ring step 6 once a result exists):
 * supervised, guarded or autonomous decides which results wait for a human; reviewers' live
 * decisions promote and demote the profile, a promotion needing distinct reviewers; an org admin
 * can pin it. Test mode's profile never moves what live runs see.
 */
package tech.eclips.workforce.trust;
