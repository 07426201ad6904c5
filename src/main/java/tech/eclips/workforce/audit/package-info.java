/** The append-only, per-org hash-chained audit log. */
package tech.eclips.workforce.audit;
