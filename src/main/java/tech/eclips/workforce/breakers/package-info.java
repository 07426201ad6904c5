/**
 * Persisted circuit breakers per (org, mode, agent type): consecutive agent failures open one;
 * while open, new runs of that type and mode are refused before any charge; after the open period
 * exactly one trial of that mode decides whether it closes or opens again. A test-mode flood never
 * touches the live breaker.
 */
package tech.eclips.workforce.breakers;
