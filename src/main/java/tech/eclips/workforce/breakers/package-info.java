/**
 * Persisted circuit breakers per (org, agent type): consecutive agent failures open one; while
 * open, new runs of that type are refused before any charge; after the open period exactly one
 * trial decides whether it closes or opens again.
 */
package tech.eclips.workforce.breakers;
