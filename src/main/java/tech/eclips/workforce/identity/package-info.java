/**
 * People: console users (org_admin, org_member of one org) and platform operators (platform_admin),
 * authenticated by MicroProfile JWT. The application verifies each token itself before Liberty's
 * MP-JWT check sees it, so that check (which logs what it rejects) only ever meets valid tokens;
 * and a server outside dev mode refuses to start without an issuer, audience and key, or with the
 * DEV-ONLY key. API keys are the {@code keys} package's business.
 */
package tech.eclips.workforce.identity;
