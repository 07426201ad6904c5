package tech.eclips.workforce.sessions.control;

import java.time.Instant;
import java.util.Optional;

/**
 * What the provider issued for one signed-in person: the access token the session proxy presents,
 * when it expires, the refresh token (if any) and the ID token (the hint for RP-initiated
 * sign-out). Held on the server only; never logged, never sent to the browser.
 */
public record ProviderTokens(
    String accessToken, Instant expiresAt, Optional<String> refreshToken, String idToken) {

  @Override
  public String toString() {
    return "ProviderTokens[expiresAt=" + expiresAt + "]";
  }
}
