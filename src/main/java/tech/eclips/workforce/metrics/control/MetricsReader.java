package tech.eclips.workforce.metrics.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * The one account that may read {@code /metrics} where the application serves it (WildFly): the
 * user and password that Liberty's registry puts in its reader role ({@code eclips.metrics.user},
 * default {@code metrics}, and {@code eclips.metrics.password}: ECLIPS_METRICS_USER and
 * ECLIPS_METRICS_PASSWORD). Without a password nobody may read, as on Liberty. Credentials are
 * compared as SHA-256 digests in constant time, so neither their content nor their length shows in
 * the answer's timing.
 */
public final class MetricsReader {

  private final byte[] expected;

  public MetricsReader(String user, Optional<String> password) {
    this.expected =
        password
            .filter(p -> !p.isEmpty())
            .map(p -> sha256((user + ':' + p).getBytes(StandardCharsets.UTF_8)))
            .orElse(null);
  }

  /** No password is set: every request is refused. */
  public boolean closed() {
    return expected == null;
  }

  /** Allowed? Only HTTP basic credentials ({@code Authorization} header) of the metrics user. */
  public boolean admits(String authorization) {
    if (expected == null || authorization == null || authorization.length() < 6) {
      return false;
    }
    if (!authorization.substring(0, 6).toLowerCase(Locale.ROOT).equals("basic ")) {
      return false;
    }
    byte[] presented;
    try {
      presented = Base64.getDecoder().decode(authorization.substring(6).trim());
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
    return MessageDigest.isEqual(expected, sha256(presented));
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
