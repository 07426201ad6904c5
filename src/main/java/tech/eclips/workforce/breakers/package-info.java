/** Persisted circuit breakers per (org, agent type). */
package tech.eclips.workforce.breakers;
