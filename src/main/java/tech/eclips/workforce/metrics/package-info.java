/**
 * Operational metrics for Prometheus, served by Liberty's {@code /metrics} (mpMetrics, behind
 * authentication: see {@code liberty/server.xml}). Requests by route template and status, ring
 * denials, 429s, the key cache, the audit group commit, runs, credits and breakers.
 *
 * <p>Labels carry only closed sets: route templates, HTTP methods and statuses, problem codes,
 * agent types. Never an org id, a key, a path with ids or any client text: that would leak tenants
 * into a shared monitoring system and let callers grow the series without bound. Per-org figures
 * belong to the console.
 *
 * <p>{@link tech.eclips.workforce.metrics.control.Meters} is the only class that knows the
 * MicroProfile Metrics API; every other package calls its named methods. {@code metrics.control}
 * imports no other feature package, so every feature may depend on it without a cycle.
 */
package tech.eclips.workforce.metrics;
