/**
 * The platform operators' API: creating organizations and changing their plans. The only code that
 * calls the database's platform gate functions; reachable only with the platform_admin JWT group.
 */
package tech.eclips.workforce.platform;
