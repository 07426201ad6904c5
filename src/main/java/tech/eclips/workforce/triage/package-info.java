/**
 * Triage items: run results that wait for a human decision, in their run's mode. Resolving one
 * decides its run, moves the trust profile and is audited, all in one transaction; of concurrent
 * resolutions exactly one wins.
 */
package tech.eclips.workforce.triage;
