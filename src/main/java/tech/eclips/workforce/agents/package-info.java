/**
 * The agents: deterministic, offline, each behind {@link
 * tech.eclips.workforce.agents.control.Agent}. A new agent type is one more CDI bean implementing
 * it (plus its price, overridable by MP Config).
 */
package tech.eclips.workforce.agents;
