/**
 * Per-key rate limits, with the IETF RateLimit fields on every guarded response: counted on this
 * node (resilience4j) or, for a cluster, in a shared Redis (one atomic script per request) that
 * degrades to this node's own count when Redis does not answer in time.
 */
package tech.eclips.workforce.ratelimit;
