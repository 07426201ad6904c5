/** Per-key rate limits (resilience4j), with the IETF RateLimit fields on every guarded response. */
package tech.eclips.workforce.ratelimit;
