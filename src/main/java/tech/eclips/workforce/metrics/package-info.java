/**
 * Operational metrics for Prometheus, served at {@code /metrics} by Liberty (mpMetrics, behind
 * authentication: see {@code liberty/server.xml}) or, on WildFly, by the application. Requests by
 * route template and status, ring denials, 429s, the key cache, the audit group commit, runs,
 * credits and breakers.
 *
 * <p>Labels carry only closed sets: route templates, HTTP methods and statuses, problem codes,
 * agent types. Never an org id, a key, a path with ids or any client text: that would leak tenants
 * into a shared monitoring system and let callers grow the series without bound. Per-org figures
 * belong to the console.
 *
 * <p>Every other package calls the named methods of {@link
 * tech.eclips.workforce.metrics.control.Meters}, which counts in adders of its own and uses no
 * metrics API. {@link tech.eclips.workforce.metrics.control.MicroProfileMetricsExport} is the only
 * class that imports the MicroProfile Metrics API: on a server without it (WildFly) CDI skips that
 * bean, the same WAR deploys, and the application serves the counts itself ({@link
 * tech.eclips.workforce.metrics.boundary.MetricsEndpoint}: the same series as Liberty's, for the
 * same user, rendered by {@code PrometheusText}). {@code metrics.control} imports no other feature
 * package, so every feature may depend on it without a cycle.
 */
package tech.eclips.workforce.metrics;
