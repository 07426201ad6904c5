/**
 * Console sign-in through the organization's OpenID Connect provider, run by the server (the
 * backend-for-frontend pattern): authorization code with PKCE, state bound to the browser that
 * started the sign-in, nonce, ID token validation, refresh and RP-initiated sign-out. The browser
 * holds one {@code HttpOnly; Secure; SameSite=Lax} cookie naming a server-side session, never a
 * token; the page's console calls go through {@code /console/session/v1/…}, which checks the
 * session and its CSRF token and passes the call on to {@code /console/v1/…} with the session's
 * access token, where the usual JWT check, roles and tenancy apply unchanged.
 */
package tech.eclips.workforce.sessions;
