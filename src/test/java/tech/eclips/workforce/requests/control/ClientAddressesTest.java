package tech.eclips.workforce.requests.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.eclips.workforce.ratelimit.control.FixedWindowLimiters;

class ClientAddressesTest {

  @Test
  void withoutTrustedProxiesTheHeaderIsIgnored() {
    assertEquals("198.51.100.7", ClientAddresses.trusting().of("198.51.100.7", "203.0.113.1"));
  }

  @Test
  void anUntrustedPeerCannotChooseItsAddress() {
    ClientAddresses addresses = ClientAddresses.trusting("10.0.0.0/8");
    assertEquals("198.51.100.7", addresses.of("198.51.100.7", "203.0.113.1"));
  }

  @Test
  void theRightMostUntrustedHopIsTheClient() {
    ClientAddresses addresses = ClientAddresses.trusting("10.0.0.0/8", "::1");
    assertEquals("203.0.113.1", addresses.of("10.1.2.3", "203.0.113.1"));
    assertEquals("203.0.113.1", addresses.of("10.1.2.3", "192.0.2.66, 203.0.113.1, 10.9.9.9"));
    assertEquals("203.0.113.1", addresses.of("0:0:0:0:0:0:0:1", " 203.0.113.1 "));
    assertEquals("10.0.0.2", addresses.of("10.1.2.3", "10.0.0.2, 10.0.0.1"));
  }

  @Test
  void garbageStopsTheWalkAndNamesAreNeverResolved() {
    ClientAddresses addresses = ClientAddresses.trusting("10.0.0.0/8");
    assertEquals("10.1.2.3", addresses.of("10.1.2.3", "example.com"));
    assertEquals("10.1.2.3", addresses.of("10.1.2.3", "1.2.3.4x"));
    assertEquals("203.0.113.1", addresses.of("10.1.2.3", "localhost, 203.0.113.1"));
    assertEquals("10.1.2.3", addresses.of("10.1.2.3", "1.1.1.1,".repeat(200)));
    assertEquals("10.1.2.3", addresses.of("10.1.2.3", null));
  }

  /** RFC 9110 §5.3: several lines of one field are one list, the last line's hops the nearest. */
  @Test
  void everyForwardedForLineIsRead() {
    ClientAddresses addresses = ClientAddresses.trusting("10.0.0.0/8");
    assertEquals(
        "198.51.100.1",
        addresses.of(request("10.1.2.3", "203.0.113.9", "198.51.100.1, 10.0.0.7")),
        "the client the nearest proxy saw, not the first line's (client-chosen) value");
    assertEquals("203.0.113.9", addresses.of(request("10.1.2.3", "203.0.113.9", "10.0.0.7")));
    assertEquals("203.0.113.9", addresses.of(request("10.1.2.3", "203.0.113.9")));
    assertEquals("10.1.2.3", addresses.of(request("10.1.2.3")));
    assertEquals("10.1.2.3", addresses.of(request("10.1.2.3", "1.1.1.1", "2.2.2.2,".repeat(300))));
    assertEquals(
        "198.51.100.7", addresses.of(request("198.51.100.7", "203.0.113.9", "198.51.100.1")));
  }

  @Test
  void ipv6ClientsAreCountedByTheirNetwork() {
    ClientAddresses addresses = ClientAddresses.trusting();
    assertEquals("2001:db8:1:2:0:0:0:0/64", addresses.network("2001:db8:1:2:aaaa:bbbb:cccc:dddd"));
    assertEquals("2001:db8:1:2:0:0:0:0/64", addresses.network("2001:db8:1:2::1"));
    assertEquals("2001:db8:1:3:0:0:0:0/64", addresses.network("2001:db8:1:3::1"));
    assertEquals("203.0.113.1", addresses.network("203.0.113.1"));
    assertEquals("not an address", addresses.network("not an address"));
    assertEquals(
        "2001:db8:1:0:0:0:0:0/48", ClientAddresses.counting(48).network("2001:db8:1:2::1"));
    assertEquals(
        "2001:db8:1:2:0:0:0:1/128", ClientAddresses.counting(128).network("2001:db8:1:2::1"));
    assertThrows(IllegalArgumentException.class, () -> ClientAddresses.counting(0));
    assertThrows(IllegalArgumentException.class, () -> ClientAddresses.counting(129));
  }

  @Test
  void oneHostRotatingThroughItsNetworkHasOneWindow() {
    ClientAddresses addresses = ClientAddresses.trusting();
    FixedWindowLimiters<String> failures = new FixedWindowLimiters<>(System::nanoTime, 100_000);
    int allowed = 0;
    for (int i = 0; i < 1_000; i++) {
      String rotated =
          "2001:db8:1:2:" + Integer.toHexString(i) + ":" + Integer.toHexString(7 * i) + "::1";
      if (failures.acquire(addresses.network(rotated), 60).allowed()) {
        allowed++;
      }
    }
    assertEquals(60, allowed);
    assertTrue(failures.acquire(addresses.network("2001:db8:1:3::1"), 60).allowed());
  }

  /** A request from {@code peer} with one X-Forwarded-For line per {@code lines}. */
  private static HttpServletRequest request(String peer, String... lines) {
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            HttpServletRequest.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getRemoteAddr" -> peer;
                  case "getHeader" ->
                      "X-Forwarded-For".equalsIgnoreCase((String) args[0]) && lines.length > 0
                          ? lines[0]
                          : null;
                  case "getHeaders" ->
                      Collections.enumeration(
                          "X-Forwarded-For".equalsIgnoreCase((String) args[0])
                              ? List.of(lines)
                              : List.<String>of());
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  @Test
  void rangesAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> ClientAddresses.trusting("10.0.0.0/33"));
    assertThrows(IllegalArgumentException.class, () -> ClientAddresses.trusting("proxy.internal"));
  }
}
