/**
 * Per-org settings an org admin changes from the console: today the invoice auto-approve limit that
 * guarded agents are held to (CONTRACT §8).
 */
package tech.eclips.workforce.settings;
