/** Idempotency-Key records: the first response to a POST, replayed for 24 hours. */
package tech.eclips.workforce.idempotency;
