/**
 * The bottom of the ring, beside {@code Ring}: the one per-request holder ({@code RequestContext})
 * and what it holds — the request id, client address and user agent, the rate decisions, the
 * console user and the roles its token grants (the API key's {@code Caller} is the keys package's
 * record). Every interceptor and resource depends on this package; it depends on no boundary and on
 * no control package but the problems' (a package cycle fails {@code PackageCycleTest}).
 */
package tech.eclips.workforce.requests;
