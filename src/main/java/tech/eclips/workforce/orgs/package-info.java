/**
 * Organizations, the tenants. The application reads its own org only; the platform API creates
 * them.
 */
package tech.eclips.workforce.orgs;
