package tech.eclips.workforce.sessions.control;

import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.Nonce;

/**
 * A sign-in sent to the provider and not yet back: its PKCE verifier, its nonce, and the random
 * value of the cookie that ties it to the browser that started it (so a callback carrying a state
 * started elsewhere, a login CSRF, is refused).
 */
public record PendingSignIn(CodeVerifier verifier, Nonce nonce, String browserBinding) {

  @Override
  public String toString() {
    return "PendingSignIn";
  }
}
