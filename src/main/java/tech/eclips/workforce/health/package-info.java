/** Readiness and liveness for the orchestrator (MicroProfile Health). */
package tech.eclips.workforce.health;
