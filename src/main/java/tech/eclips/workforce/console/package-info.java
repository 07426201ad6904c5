/**
 * The org console's page: one HTML file, a script and a stylesheet, served from the WAR at {@code
 * /console} without a token (there is nothing secret in them) and with a strict Content Security
 * Policy. Everything the page shows comes from the {@code /console/v1} API, called with the user's
 * bearer token; the page holds no data of its own.
 */
package tech.eclips.workforce.console;
