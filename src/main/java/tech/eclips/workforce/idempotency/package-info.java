/**
 * Idempotency-Key records: the first reply to a state-changing request, replayed for 24 hours.
 * {@code @Idempotent} puts any operation under them; runs claim inside their accept function.
 */
package tech.eclips.workforce.idempotency;
