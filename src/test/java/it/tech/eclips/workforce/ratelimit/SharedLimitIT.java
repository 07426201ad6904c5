package it.tech.eclips.workforce.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tech.eclips.workforce.ratelimit.control.KeyLimiters;
import tech.eclips.workforce.ratelimit.control.RedisSettings;
import tech.eclips.workforce.ratelimit.control.SharedWindows;
import tech.eclips.workforce.requests.control.RateDecision;

/**
 * The shared limiter against a real Redis ({@code eclips.it.redis.url}, default
 * redis://127.0.0.1:6379), each node a {@link KeyLimiters} of its own: exact across nodes, and what
 * happens when Redis refuses connections or accepts them and never answers. Keys live under a
 * prefix of this run only and expire with their window. Not an Arquillian test: nothing deployed.
 */
class SharedLimitIT {

  static final String REDIS = System.getProperty("eclips.it.redis.url", "redis://127.0.0.1:6379");
  static final Duration TIMEOUT = Duration.ofMillis(300);

  private static final List<AutoCloseable> OPEN = new CopyOnWriteArrayList<>();
  private static String prefix;

  @BeforeAll
  static void prefix() {
    prefix = "eclips-it:" + UUID.randomUUID() + ":";
  }

  @AfterAll
  static void close() throws Exception {
    for (AutoCloseable open : OPEN) {
      open.close();
    }
  }

  static KeyLimiters node(String url, int poolSize) {
    SharedWindows windows = new SharedWindows(RedisSettings.parse(url, TIMEOUT, poolSize, prefix));
    OPEN.add(windows);
    return KeyLimiters.sharedIn(windows);
  }

  @Test
  void aKeyGetsExactlyItsLimitHoweverRequestsAreSpreadOverNodes() throws Exception {
    List<KeyLimiters> nodes = List.of(node(REDIS, 8), node(REDIS, 8), node(REDIS, 8));
    UUID key = UUID.randomUUID();
    ExecutorService pool = Executors.newFixedThreadPool(24);
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger allowed = new AtomicInteger();
    List<Future<RateDecision>> done = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      KeyLimiters node = nodes.get(i % nodes.size());
      done.add(
          pool.submit(
              () -> {
                start.await();
                RateDecision decision = node.acquire(key, 60);
                if (decision.allowed()) {
                  allowed.incrementAndGet();
                }
                return decision;
              }));
    }
    start.countDown();
    List<Integer> remainingWhenAllowed = new ArrayList<>();
    for (Future<RateDecision> future : done) {
      RateDecision decision = future.get(30, TimeUnit.SECONDS);
      assertEquals(60, decision.limit());
      assertTrue(decision.secondsToReset() >= 1 && decision.secondsToReset() <= 60);
      if (decision.allowed()) {
        remainingWhenAllowed.add(decision.remaining());
      } else {
        assertEquals(0, decision.remaining());
      }
    }
    pool.shutdown();
    assertEquals(60, allowed.get(), "successes across three nodes at a limit of 60");
    // Every figure from 59 down to 0 was handed out exactly once: one counter, no double counting.
    assertEquals(
        java.util.stream.IntStream.range(0, 60).boxed().toList(),
        remainingWhenAllowed.stream().sorted().toList());
    nodes.forEach(n -> assertFalse(n.degraded()));
  }

  @Test
  void theRateLimitFieldsCountDownAndTheRefusalSaysWhenTheWindowEnds() {
    KeyLimiters node = node(REDIS, 2);
    UUID key = UUID.randomUUID();
    for (int i = 0; i < 3; i++) {
      RateDecision decision = node.acquire(key, 3);
      assertTrue(decision.allowed());
      assertEquals("\"per-key\";r=" + (2 - i) + ";t=60", decision.limitField());
    }
    RateDecision refused = node(REDIS, 2).acquire(key, 3);
    assertFalse(refused.allowed());
    assertEquals("\"per-key\";q=3;w=60", refused.policyField());
    assertTrue(refused.secondsToReset() >= 55 && refused.secondsToReset() <= 60);
  }

  @Test
  void aClosedPortDegradesToThisNodesOwnLimit() {
    int closed = closedPort();
    KeyLimiters node = node("redis://127.0.0.1:" + closed, 2);
    UUID key = UUID.randomUUID();
    for (int i = 0; i < 5; i++) {
      assertTrue(node.acquire(key, 5).allowed());
    }
    assertFalse(node.acquire(key, 5).allowed(), "the local limiter still holds the key");
    assertTrue(node.degraded());
  }

  /**
   * A Redis that accepts connections and never answers: the first request waits one timeout, the
   * ones after it do not wait at all while the store is paused, and no request thread piles up.
   */
  @Test
  void aRedisThatNeverAnswersCostsOneTimeoutNotOnePerRequest() throws Exception {
    try (Silent silent = new Silent()) {
      KeyLimiters node = node("redis://127.0.0.1:" + silent.port(), 2);
      UUID key = UUID.randomUUID();
      long first = System.nanoTime();
      assertTrue(node.acquire(key, 100).allowed());
      long firstMillis = (System.nanoTime() - first) / 1_000_000;
      assertTrue(firstMillis < 3 * TIMEOUT.toMillis() + 500, "first request waited " + firstMillis);
      assertTrue(node.degraded());

      ExecutorService pool = Executors.newFixedThreadPool(16);
      long all = System.nanoTime();
      List<Future<RateDecision>> done = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        done.add(pool.submit(() -> node.acquire(key, 100)));
      }
      for (Future<RateDecision> future : done) {
        assertTrue(future.get(10, TimeUnit.SECONDS).allowed());
      }
      pool.shutdown();
      long allMillis = (System.nanoTime() - all) / 1_000_000;
      assertTrue(allMillis < 1000, "64 requests while paused took " + allMillis + " ms");
    }
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Accepts connections and reads nothing, answers nothing. */
  static final class Silent implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    Silent() throws IOException {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      acceptor =
          new Thread(
              () -> {
                while (!server.isClosed()) {
                  try {
                    accepted.add(server.accept());
                  } catch (IOException e) {
                    return;
                  }
                }
              },
              "silent-redis");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      server.close();
      for (Socket socket : accepted) {
        socket.close();
      }
    }
  }
}
