/**
 * Developer and test tooling, never packaged in the WAR: provisions a PostgreSQL (the machine's, or
 * an embedded one when none is configured), creates the owner and app roles, applies {@code
 * db-migrations/} as the owner role, and points a Liberty server at the result.
 */
package tech.eclips.workforce.tools;
