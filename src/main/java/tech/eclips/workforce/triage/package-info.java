/** Triage items: run results that wait for a human decision. */
package tech.eclips.workforce.triage;
