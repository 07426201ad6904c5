package tech.eclips.workforce.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tech.eclips.workforce.keys.control.KeyCache;
import tech.eclips.workforce.keys.control.KeyDigest;
import tech.eclips.workforce.keys.control.KeyFormat;
import tech.eclips.workforce.keys.control.KeyMint;
import tech.eclips.workforce.keys.entity.KeyMode;
import tech.eclips.workforce.plans.entity.Plan;
import tech.eclips.workforce.ratelimit.control.EffectiveLimit;
import tech.eclips.workforce.ratelimit.control.KeyLimiters;
import tech.eclips.workforce.requests.control.Caller;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * The in-process part of the four guards for one request with a cached key: checksum, SHA-256
 * digest, cache hit, limiter acquisition, scope and plan checks. Run by bench/guard-jmh.sh, with 10
 * and 100,000 cached keys to show the cost does not grow with the number of keys.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GuardPathBenchmark {

  @Param({"10", "100000"})
  int keys;

  private final KeyCache cache = KeyCache.withTtl(Duration.ofHours(1));
  private final KeyLimiters limiters = new KeyLimiters();
  private String presented;

  @Setup
  public void fill() {
    KeyMint mint = new KeyMint();
    for (int i = 0; i < keys; i++) {
      String key = mint.mint(KeyMode.LIVE).plaintext();
      Caller caller = caller();
      cache.get(KeyDigest.of(key), d -> Optional.of(caller));
      presented = key;
    }
  }

  @Benchmark
  public boolean guardPath() {
    if (KeyFormat.check(presented).isEmpty()) {
      return false;
    }
    Caller who = cache.get(KeyDigest.of(presented), d -> Optional.empty()).orElseThrow();
    if (!who.usableAt(Instant.now())
        || !who.has(tech.eclips.workforce.keys.entity.Scope.RUNS_READ)) {
      return false;
    }
    int limit = EffectiveLimit.perMinute(who.keyRateLimit(), Integer.MAX_VALUE / 2);
    return limiters.acquire(who.keyId(), limit).allowed() && who.plan().publicApi();
  }

  private static Caller caller() {
    return new Caller(
        OrgId.random(),
        UUID.randomUUID(),
        "bench",
        "eck_live_…bnch",
        KeyMode.LIVE,
        EnumSet.allOf(tech.eclips.workforce.keys.entity.Scope.class),
        null,
        null,
        null,
        Plan.ENTERPRISE);
  }
}
