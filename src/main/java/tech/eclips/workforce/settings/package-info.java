/**
 * Per-org settings an org admin changes from the console: the invoice auto-approve limit that
 * guarded agents are held to (CONTRACT §8) and the review threshold above which only org admins
 * resolve (CONTRACT §11).
 */
package tech.eclips.workforce.settings;
