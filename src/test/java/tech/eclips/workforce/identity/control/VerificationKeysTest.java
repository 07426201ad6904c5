package tech.eclips.workforce.identity.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JWKS of a remote identity provider, served by a local HTTP server that can be made to fail: a
 * failed reload keeps the last good keys, junk key ids cost at most one reload per cool-down
 * however many and however concurrent, and a rotated-in key is found.
 */
class VerificationKeysTest {

  private static final Duration COOL_DOWN = Duration.ofSeconds(30);
  private static final RSAPublicKey KEY = rsaKey();

  private HttpServer server;
  private final AtomicInteger fetches = new AtomicInteger();
  private volatile int status = 200;
  private volatile String body;
  private final AtomicLong now = new AtomicLong(1_000_000_000_000L);
  private VerificationKeys keys;

  @BeforeEach
  void identityProvider() throws IOException {
    body = jwks("a");
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext(
        "/jwks",
        exchange -> {
          fetches.incrementAndGet();
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
    String location = "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
    TokenSettings settings =
        new TokenSettings("idp", Set.of("app"), Optional.empty(), Optional.of(location));
    keys = new VerificationKeys(settings, COOL_DOWN, now::get);
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"429", "500", "garbage", "empty"})
  void aFailedReloadKeepsTheLastGoodKeys(String failure) {
    assertTrue(found(keys, "a"));
    switch (failure) {
      case "garbage" -> body = "<html>rate limited</html>";
      case "empty" -> body = "{\"keys\":[]}";
      default -> status = Integer.parseInt(failure);
    }
    now.addAndGet(COOL_DOWN.plusMillis(1).toNanos());
    assertTrue(!found(keys, "unknown")); // reloads, and the reload fails
    assertEquals(2, fetches.get());
    assertTrue(found(keys, "a"), "the good key was dropped after a " + failure);
    now.addAndGet(Duration.ofMinutes(11).toNanos()); // the periodic refresh fails too
    assertTrue(found(keys, "a"));
  }

  /** The configured URL or nothing: a redirect elsewhere is a failed load, never followed. */
  @Test
  void aRedirectIsNotFollowed() {
    server.createContext(
        "/moved",
        exchange -> {
          exchange.getResponseHeaders().add("Location", "/jwks");
          exchange.sendResponseHeaders(302, -1);
          exchange.close();
        });
    String moved = "http://127.0.0.1:" + server.getAddress().getPort() + "/moved";
    VerificationKeys redirected =
        new VerificationKeys(
            new TokenSettings("idp", Set.of("app"), Optional.empty(), Optional.of(moved)),
            COOL_DOWN,
            now::get);
    assertFalse(found(redirected, "a"));
    assertEquals(0, fetches.get());
  }

  @Test
  void junkKeyIdsReloadAtMostOncePerCoolDown() {
    assertTrue(found(keys, "a"));
    now.addAndGet(COOL_DOWN.plusMillis(1).toNanos());
    for (int i = 0; i < 1_000; i++) {
      assertTrue(!found(keys, UUID.randomUUID().toString()));
      now.addAndGet(Duration.ofMillis(10).toNanos()); // 1,000 junk tokens over 10 s
    }
    assertEquals(2, fetches.get(), "fetches for 1,000 junk key ids in 10 s");
    now.addAndGet(COOL_DOWN.plusMillis(1).toNanos());
    found(keys, "junk");
    assertEquals(3, fetches.get());
  }

  @Test
  void concurrentJunkKeyIdsShareOneReload() throws Exception {
    assertTrue(found(keys, "a"));
    now.addAndGet(COOL_DOWN.plusMillis(1).toNanos());
    ExecutorService pool = Executors.newFixedThreadPool(32);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < 320; i++) {
      results.add(
          pool.submit(
              () -> {
                start.await();
                return !found(keys, UUID.randomUUID().toString()) && found(keys, "a");
              }));
    }
    start.countDown();
    for (Future<Boolean> result : results) {
      assertTrue(result.get());
    }
    pool.shutdown();
    assertEquals(2, fetches.get(), "fetches for 320 concurrent junk key ids");
  }

  @Test
  void aRotatedInKeyIsFoundAfterTheCoolDown() {
    assertTrue(found(keys, "a"));
    body = jwks("a", "b");
    now.addAndGet(COOL_DOWN.plusMillis(1).toNanos());
    assertTrue(found(keys, "b"));
  }

  @Test
  void theKeySetIsBounded() {
    body = jwks(IntStream.range(0, 500).mapToObj(i -> "k" + i).toArray(String[]::new));
    assertTrue(found(keys, "k0") || found(keys, "k499"));
    int found = 0;
    for (int i = 0; i < 500; i++) {
      found += found(keys, "k" + i) ? 1 : 0;
    }
    assertEquals(VerificationKeys.MAX_KEYS, found);
  }

  private static String jwks(String... kids) {
    String n = base64(KEY.getModulus());
    String e = base64(KEY.getPublicExponent());
    return "{\"keys\":["
        + java.util.Arrays.stream(kids)
            .map(
                kid ->
                    "{\"kty\":\"RSA\",\"use\":\"sig\",\"kid\":\""
                        + kid
                        + "\",\"n\":\""
                        + n
                        + "\",\"e\":\""
                        + e
                        + "\"}")
            .collect(Collectors.joining(","))
        + "]}";
  }

  private static String base64(BigInteger value) {
    byte[] bytes = value.toByteArray();
    if (bytes[0] == 0) {
      bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static RSAPublicKey rsaKey() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return (RSAPublicKey) generator.generateKeyPair().getPublic();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Does a token naming this key id find a key (as Nimbus's RS256 key selector asks)? */
  private static boolean found(VerificationKeys keys, String kid) {
    JWKMatcher matcher =
        new JWKMatcher.Builder()
            .keyType(KeyType.RSA)
            .keyID(kid)
            .keyUses(KeyUse.SIGNATURE, null)
            .build();
    return !keys.get(new JWKSelector(matcher), null).isEmpty();
  }
}
