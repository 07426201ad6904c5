/**
 * Per-request facts every ring and every error needs: the request id, client address, user agent.
 */
package tech.eclips.workforce.requests;
