package tech.eclips.workforce.ratelimit.control;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Where the shared limiter's Redis is and how long a request may wait for it: {@code
 * ECLIPS_REDIS_URL} ({@code redis://[user:password@]host:port[/db]}, {@code rediss://} for TLS).
 * The password is kept only here; {@link #toString()} names host and port, never credentials.
 */
public record RedisSettings(
    String host,
    int port,
    String user,
    String password,
    int database,
    boolean tls,
    Duration timeout,
    int poolSize,
    String keyPrefix) {

  /** Keeps a request from waiting more than a few hundred milliseconds on a slow or dead Redis. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);

  public static final int DEFAULT_POOL_SIZE = 16;

  public static RedisSettings parse(String url, Duration timeout, int poolSize, String keyPrefix) {
    URI uri = URI.create(url.trim());
    String scheme = uri.getScheme();
    if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
      throw new IllegalArgumentException("ECLIPS_REDIS_URL must start with redis:// or rediss://");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("ECLIPS_REDIS_URL names no host");
    }
    String user = null;
    String password = null;
    String info = uri.getRawUserInfo();
    if (info != null) {
      int colon = info.indexOf(':');
      user = decode(colon < 0 ? info : info.substring(0, colon));
      password = colon < 0 ? null : decode(info.substring(colon + 1));
      user = user.isEmpty() ? null : user;
    }
    String path = uri.getPath() == null ? "" : uri.getPath().replace("/", "");
    return new RedisSettings(
        uri.getHost(),
        uri.getPort() < 0 ? 6379 : uri.getPort(),
        user,
        password,
        path.isEmpty() ? 0 : Integer.parseInt(path),
        "rediss".equals(scheme),
        timeout.isNegative() || timeout.isZero() ? DEFAULT_TIMEOUT : timeout,
        Math.max(1, Math.min(poolSize, 256)),
        keyPrefix);
  }

  private static String decode(String part) {
    return URLDecoder.decode(part, StandardCharsets.UTF_8);
  }

  /** For logs: where, never who or with what password. */
  @Override
  public String toString() {
    return (tls ? "rediss://" : "redis://") + host + ":" + port + "/" + database;
  }
}
