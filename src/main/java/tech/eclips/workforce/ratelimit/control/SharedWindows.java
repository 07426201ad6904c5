package tech.eclips.workforce.ratelimit.control;

import java.util.List;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import tech.eclips.workforce.requests.control.RateDecision;

/**
 * Fixed one-minute windows kept in Redis, so every node of a cluster counts against the same
 * figure: one atomic script increments the subject's counter, starts its window on the first hit
 * and answers the count and the time left. A key limited to 60 a minute gets exactly 60 however its
 * requests are spread over nodes. Every wait is bounded: a pool of {@code poolSize} connections,
 * and {@code timeout} for borrowing one, connecting and each reply; past that the call fails with
 * {@link SharedStoreUnavailable} and the caller decides.
 */
public final class SharedWindows implements AutoCloseable {

  /** Runs atomically in Redis: no other node's increment can come between the steps. */
  static final String SCRIPT =
      "local used = redis.call('INCR', KEYS[1]) "
          + "if used == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end "
          + "local left = redis.call('PTTL', KEYS[1]) "
          + "if left < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) left = tonumber(ARGV[1]) end "
          + "return {used, left}";

  private static final String WINDOW_MILLIS = Long.toString(FixedWindowLimiters.WINDOW.toMillis());

  private final RedisClient redis;
  private final String keyPrefix;
  private volatile String scriptSha;

  public SharedWindows(RedisSettings settings) {
    int millis = (int) settings.timeout().toMillis();
    DefaultJedisClientConfig.Builder client =
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(millis)
            .socketTimeoutMillis(millis)
            .database(settings.database())
            .ssl(settings.tls())
            .clientName("eclips-ratelimit");
    if (settings.password() != null) {
      client.user(settings.user()).password(settings.password());
    }
    GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
    pool.setMaxTotal(settings.poolSize());
    pool.setMaxIdle(settings.poolSize());
    pool.setMinIdle(0);
    pool.setBlockWhenExhausted(true);
    pool.setMaxWait(settings.timeout());
    pool.setJmxEnabled(false);
    this.redis =
        RedisClient.builder()
            .hostAndPort(settings.host(), settings.port())
            .clientConfig(client.build())
            .poolConfig(pool)
            .build();
    this.keyPrefix = settings.keyPrefix();
  }

  /** One request of {@code subject}; throws {@link SharedStoreUnavailable} if Redis cannot say. */
  public RateDecision acquire(String subject, int perWindow) {
    List<?> reply = run(keyPrefix + subject);
    long used = ((Number) reply.get(0)).longValue();
    long millisLeft = Math.max(1, ((Number) reply.get(1)).longValue());
    int remaining = (int) Math.max(0, perWindow - used);
    return new RateDecision(
        used <= perWindow,
        perWindow,
        remaining,
        Math.max(1, (millisLeft + 999) / 1000),
        (int) FixedWindowLimiters.WINDOW.toSeconds());
  }

  private List<?> run(String key) {
    try {
      String sha = scriptSha;
      if (sha == null) {
        sha = redis.scriptLoad(SCRIPT);
        scriptSha = sha;
      }
      try {
        return (List<?>) redis.evalsha(sha, List.of(key), List.of(WINDOW_MILLIS));
      } catch (redis.clients.jedis.exceptions.JedisNoScriptException flushed) {
        // Redis restarted or SCRIPT FLUSH: EVAL loads it again.
        scriptSha = null;
        return (List<?>) redis.eval(SCRIPT, List.of(key), List.of(WINDOW_MILLIS));
      }
    } catch (RuntimeException e) {
      // JedisException, or the pool's NoSuchElementException when no connection came in time.
      throw new SharedStoreUnavailable(e);
    }
  }

  @Override
  public void close() {
    redis.close();
  }
}
