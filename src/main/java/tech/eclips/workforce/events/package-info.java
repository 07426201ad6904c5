/**
 * Events (CONTRACT §12): the changes that matter to an org, one immutable row each, written in the
 * transaction of the change (a transactional outbox) and read newest first through {@code
 * /v1/events}. A webhook delivery worker reads the same rows in {@code seq} order (V27).
 */
package tech.eclips.workforce.events;
