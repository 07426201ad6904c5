/**
 * People: console users (org_admin, org_member of one org) and platform operators (platform_admin),
 * authenticated by MicroProfile JWT. API keys are the {@code keys} package's business.
 */
package tech.eclips.workforce.identity;
