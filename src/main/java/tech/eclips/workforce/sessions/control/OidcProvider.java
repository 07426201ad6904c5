package tech.eclips.workforce.sessions.control;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The provider as the Nimbus OAuth 2.0 / OpenID Connect SDK speaks to it: discovery (once, retried
 * after a failure), the authorization request with state, nonce and an S256 PKCE challenge, the
 * code and refresh grants (client_secret_basic, or a public client), ID token validation (issuer,
 * audience, signature from the provider's JWKS, expiry, nonce) and the RP-initiated sign-out URL.
 * Every call it makes has a 5 s connect and read timeout. Nothing here logs a token.
 */
public final class OidcProvider {

  static final int TIMEOUT_MILLIS = 5_000;

  /** Refused by the provider or by validation: the sign-in or the refresh did not happen. */
  public static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    private final String reason;

    Refused(String reason) {
      super(reason);
      this.reason = reason;
    }

    /** What went wrong, in this class's own words (never the provider's text or a token). */
    public String reason() {
      return reason;
    }
  }

  private record Discovered(OIDCProviderMetadata metadata, IDTokenValidator validator) {}

  private final SignInSettings settings;
  private final ClientID client;
  private final Clock clock;
  private volatile Discovered discovered;

  public OidcProvider(SignInSettings settings, Clock clock) {
    this.settings = settings;
    this.client = new ClientID(settings.clientId());
    this.clock = clock;
  }

  /**
   * Where to send the browser: the provider's authorization endpoint with this sign-in's values.
   */
  public URI authorization(State state, Nonce nonce, CodeVerifier verifier) throws Refused {
    return new AuthenticationRequest.Builder(
            new ResponseType(ResponseType.Value.CODE),
            Scope.parse(settings.scopes()),
            client,
            settings.redirectUri())
        .endpointURI(discovered().metadata().getAuthorizationEndpointURI())
        .state(state)
        .nonce(nonce)
        .codeChallenge(verifier, CodeChallengeMethod.S256)
        .build()
        .toURI();
  }

  /** The code grant, then the ID token's checks with this sign-in's nonce. */
  public ProviderTokens redeem(String code, PendingSignIn pending) throws Refused {
    AuthorizationGrant grant =
        new AuthorizationCodeGrant(
            new AuthorizationCode(code), settings.redirectUri(), pending.verifier());
    Tokens tokens = token(grant);
    OIDCTokens oidc = tokens instanceof OIDCTokens o ? o : null;
    if (oidc == null || oidc.getIDToken() == null) {
      throw new Refused("the provider returned no ID token");
    }
    try {
      discovered().validator().validate(oidc.getIDToken(), pending.nonce());
    } catch (Exception e) { // never logged with its message: it may quote claims
      throw new Refused("the ID token did not validate (" + e.getClass().getSimpleName() + ")");
    }
    return held(tokens, oidc.getIDTokenString(), Optional.empty());
  }

  /** The refresh grant; a provider that rotates refresh tokens gets the new one kept. */
  public ProviderTokens refresh(ProviderTokens current) throws Refused {
    if (current.refreshToken().isEmpty()) {
      throw new Refused("no refresh token");
    }
    Tokens tokens = token(new RefreshTokenGrant(new RefreshToken(current.refreshToken().get())));
    String idToken =
        tokens instanceof OIDCTokens o && o.getIDTokenString() != null
            ? o.getIDTokenString()
            : current.idToken();
    return held(tokens, idToken, current.refreshToken());
  }

  /** The provider's end-session URL for this session, if the provider announces one. */
  public Optional<URI> signOut(ProviderTokens tokens) {
    try {
      URI endSession = discovered().metadata().getEndSessionEndpointURI();
      if (endSession == null) {
        return Optional.empty();
      }
      return Optional.of(
          new LogoutRequest(
                  endSession,
                  JWTParser.parse(tokens.idToken()),
                  null,
                  client,
                  settings.afterSignOut(),
                  null,
                  null)
              .toURI());
    } catch (Refused | java.text.ParseException e) {
      return Optional.empty();
    }
  }

  private ProviderTokens held(Tokens tokens, String idToken, Optional<String> previousRefresh) {
    AccessToken access = tokens.getAccessToken();
    long lifetime = access.getLifetime() > 0 ? access.getLifetime() : 60;
    Optional<String> refresh =
        Optional.ofNullable(tokens.getRefreshToken()).map(RefreshToken::getValue);
    return new ProviderTokens(
        access.getValue(),
        Instant.now(clock).plusSeconds(lifetime),
        refresh.or(() -> previousRefresh),
        idToken);
  }

  private Tokens token(AuthorizationGrant grant) throws Refused {
    URI endpoint = discovered().metadata().getTokenEndpointURI();
    TokenRequest request =
        settings.clientSecret().isPresent()
            ? new TokenRequest(
                endpoint,
                new ClientSecretBasic(client, new Secret(settings.clientSecret().get())),
                grant)
            : new TokenRequest(endpoint, client, grant);
    HTTPRequest http = request.toHTTPRequest();
    http.setConnectTimeout(TIMEOUT_MILLIS);
    http.setReadTimeout(TIMEOUT_MILLIS);
    try {
      TokenResponse response = OIDCTokenResponseParser.parse(http.send());
      if (!response.indicatesSuccess()) {
        String code = String.valueOf(response.toErrorResponse().getErrorObject().getCode());
        // an OAuth error code (RFC 6749 §5.2) is a short ASCII word; anything else is not logged
        String error = code.matches("[a-z_]{1,40}") ? code : "(unrecognised error code)";
        throw new Refused("the token endpoint refused the grant: " + error);
      }
      return response.toSuccessResponse().getTokens();
    } catch (Refused e) {
      throw e;
    } catch (Exception e) {
      throw new Refused("the token endpoint failed (" + e.getClass().getSimpleName() + ")");
    }
  }

  private Discovered discovered() throws Refused {
    Discovered known = discovered;
    if (known != null) {
      return known;
    }
    synchronized (this) {
      if (discovered == null) {
        try {
          OIDCProviderMetadata metadata =
              OIDCProviderMetadata.resolve(
                  new Issuer(settings.issuer()), TIMEOUT_MILLIS, TIMEOUT_MILLIS);
          IDTokenValidator validator =
              new IDTokenValidator(
                  metadata.getIssuer(),
                  client,
                  JWSAlgorithm.RS256,
                  metadata.getJWKSetURI().toURL());
          validator.setMaxClockSkew(30);
          discovered = new Discovered(metadata, validator);
        } catch (Exception e) {
          throw new Refused(
              "the provider's discovery document could not be read ("
                  + e.getClass().getSimpleName()
                  + ")");
        }
      }
      return discovered;
    }
  }
}
