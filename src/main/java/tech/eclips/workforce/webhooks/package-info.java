/**
 * Webhook endpoints: where an org's systems want its events delivered, per mode, with which event
 * types, and the Standard Webhooks signing secret each delivery is signed with. Also what a
 * delivery must respect before it connects: only destinations that are not loopback, private,
 * link-local, metadata and the like ({@link tech.eclips.workforce.webhooks.control.Destinations}),
 * connected to by the very address that was checked.
 */
package tech.eclips.workforce.webhooks;
