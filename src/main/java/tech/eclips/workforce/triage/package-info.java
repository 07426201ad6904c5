/**
 * Triage items: run results that wait for a human decision, in their run's mode. Resolving one
 * decides its run, moves the trust profile and is audited, all in one transaction; of concurrent
 * resolutions exactly one wins. Review is segregated: the submitting key never resolves its own
 * run's item, and an org threshold reserves large totals for org admins.
 */
package tech.eclips.workforce.triage;
