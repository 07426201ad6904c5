/**
 * Reading request bodies strictly: every field checked, unknown fields refused, all errors at once.
 */
package tech.eclips.workforce.json;
