/**
 * Bulkheads (CONTRACT §11): each org gets a bounded share of every pool it shares with other orgs —
 * uploads, downloads, accepts and the database connections its requests hold — so that whatever one
 * key does, other orgs keep their service. Over the org's share: 429 {@code concurrency_limited};
 * over the server's capacity: 503 {@code server_busy}; both with {@code Retry-After}, and neither
 * ever waits on the shared pool itself.
 */
package tech.eclips.workforce.bulkheads;
