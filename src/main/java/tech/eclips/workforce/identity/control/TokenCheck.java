package tech.eclips.workforce.identity.control;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides whether a console or platform JWT is valid, before Liberty's MP-JWT check sees it.
 * Liberty writes every token it rejects into its FFDC incidents and trace; a token refused here
 * never reaches it. So this check must be at least as strict as Liberty's ({@code server.xml}
 * {@code <mpJwt>}: RS256, the configured key, issuer and audience, {@code sub} as user name, 30 s
 * clock skew): it allows less skew than Liberty does and no expiry skew at all, so a token accepted
 * here is accepted there too. It never logs, and says only yes or no.
 *
 * <p>Nimbus's {@link DefaultJWTProcessor} does the work: an unsigned or encrypted token, any
 * algorithm but RS256, an unknown {@code crit} header and a bad signature are refused there; the
 * keys come from a {@link JWKSource} ({@link VerificationKeys}).
 */
public final class TokenCheck {

  /** Liberty allows 30 s; a token issued up to 20 s "in the future" passes both. */
  static final Duration ISSUED_SKEW = Duration.ofSeconds(20);

  /** Far above any real token; bounds the work an anonymous request can cause. */
  static final int MAX_LENGTH = 16 * 1024;

  /** No white space anywhere: Nimbus trims, Liberty would not, and both must judge one string. */
  private static final Pattern SHAPE =
      Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

  public static final String DEFAULT_ROLES_CLAIM = "groups";

  private final ConfigurableJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

  /** The roles' claim named {@code groups}, as MP-JWT's default. */
  public TokenCheck(TokenSettings settings, JWKSource<SecurityContext> keys, Clock clock) {
    this(settings, keys, clock, DEFAULT_ROLES_CLAIM);
  }

  /** {@code rolesClaim}: where the roles are ({@code eclips.jwt.roles-claim}, as the container). */
  public TokenCheck(
      TokenSettings settings, JWKSource<SecurityContext> keys, Clock clock, String rolesClaim) {
    processor.setJWSTypeVerifier((type, context) -> {}); // any "typ", as Liberty
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
    processor.setJWTClaimsSetVerifier(new Claims(settings, clock, rolesClaim));
  }

  /** Valid? Signature, algorithm, issuer, audience, expiry, not-before, issued-at, subject. */
  public boolean accepts(String token) {
    if (token == null || token.length() > MAX_LENGTH || !SHAPE.matcher(token).matches()) {
      return false;
    }
    try {
      processor.process(token, null);
      return true;
    } catch (Exception e) { // never logged: the message may quote the token's claims
      return false;
    }
  }

  /** Nimbus's checks with no skew, plus the ones Liberty makes and Nimbus leaves out. */
  private static final class Claims extends DefaultJWTClaimsVerifier<SecurityContext> {

    private final Clock clock;
    private final String rolesClaim;

    Claims(TokenSettings settings, Clock clock, String rolesClaim) {
      super(
          settings.audiences(),
          new JWTClaimsSet.Builder().issuer(settings.issuer()).build(),
          Set.of("iss", "aud", "exp", "sub"),
          null);
      setMaxClockSkew(0);
      this.clock = clock;
      this.rolesClaim = rolesClaim;
    }

    @Override
    public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
      super.verify(claims, context);
      Date issued = claims.getIssueTime();
      if (issued != null && issued.after(Date.from(clock.instant().plus(ISSUED_SKEW)))) {
        throw new BadJWTException("issued in the future");
      }
      if (claims.getSubject().isBlank() || !isText(claims.getClaim(rolesClaim))) {
        throw new BadJWTException("no user name, or groups that are not names");
      }
    }

    /**
     * Whole seconds, as the claims are: {@code exp} must lie after the current second, {@code nbf}
     * at or before it.
     */
    @Override
    protected Date currentTime() {
      return Date.from(clock.instant().truncatedTo(ChronoUnit.SECONDS).plusMillis(999));
    }

    private static boolean isText(Object groups) {
      return groups == null
          || groups instanceof String
          || groups instanceof List<?> list && list.stream().allMatch(String.class::isInstance);
    }
  }
}
