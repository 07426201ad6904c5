package tech.eclips.workforce.identity.boundary;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import tech.eclips.workforce.identity.control.DevKeyRefusal;
import tech.eclips.workforce.identity.control.TokenCheck;
import tech.eclips.workforce.identity.control.TokenSettings;
import tech.eclips.workforce.identity.control.VerificationKeys;
import tech.eclips.workforce.problems.boundary.ServletProblems;

/**
 * Console and platform requests need a valid JWT. Liberty's MP-JWT check writes every token it
 * rejects into its FFDC incidents and trace.log, so it must only ever see valid ones: this filter
 * checks the token first ({@link TokenCheck}) and answers 401 itself, and only then asks Liberty to
 * authenticate the request, which establishes the caller for {@code @RolesAllowed} and {@code
 * JsonWebToken}. Nothing in web.xml protects these paths, so Liberty never authenticates before
 * this filter runs. The console API is {@code /console/v1}: the console page itself ({@code
 * /console}, {@code /console/assets/}) holds nothing secret and must load before anyone signs in.
 */
public class ConsoleAuthentication extends HttpFilter {

  private static final long serialVersionUID = 1L;
  private static final String BEARER = "Bearer ";

  private transient TokenCheck tokens;

  @Override
  public void init() {
    Config config = ConfigProvider.getConfig();
    TokenSettings settings = TokenSettings.from(config);
    Duration coolDown =
        config
            .getOptionalValue("eclips.jwt.unknown-kid-cooldown", Duration.class)
            .orElse(VerificationKeys.UNKNOWN_KID_COOL_DOWN);
    boolean devMode = DevKeyRefusal.isDevMode(config);
    VerificationKeys keys = new VerificationKeys(settings, coolDown, System::nanoTime, devMode);
    String rolesClaim =
        config
            .getOptionalValue("eclips.jwt.roles-claim", String.class)
            .orElse(TokenCheck.DEFAULT_ROLES_CLAIM);
    tokens = new TokenCheck(settings, keys, Clock.systemUTC(), rolesClaim);
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String authorization = request.getHeader("Authorization");
    boolean presented = authorization != null && authorization.startsWith(BEARER);
    // exactly what Liberty will read after "Bearer ", untrimmed, so both judge the same string
    if (!presented || !tokens.accepts(authorization.substring(BEARER.length()))) {
      ServletProblems.unauthorized(request, response, presented || authorization != null);
      return;
    }
    if (request.authenticate(response)) {
      chain.doFilter(request, response);
    } else if (!response.isCommitted()) {
      ServletProblems.unauthorized(request, response, true);
    }
  }
}
