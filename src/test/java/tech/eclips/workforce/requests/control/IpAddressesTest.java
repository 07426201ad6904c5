package tech.eclips.workforce.requests.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.Permission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class IpAddressesTest {

  @Test
  void literalsAreParsed() {
    assertEquals("203.0.113.1", text("203.0.113.1"));
    assertEquals("0.0.0.0", text("0.0.0.0"));
    assertEquals("255.255.255.255", text(" 255.255.255.255 "));
    assertEquals("0:0:0:0:0:0:0:1", text("::1"));
    assertEquals("0:0:0:0:0:0:0:1", text("[::1]"));
    assertEquals("0:0:0:0:0:0:0:0", text("::"));
    assertEquals("2001:db8:0:0:1:0:0:1", text("2001:DB8::1:0:0:1"));
    assertEquals("2001:db8:0:0:0:0:0:0", text("2001:db8::"));
    assertEquals("1:2:3:4:5:6:7:8", text("1:2:3:4:5:6:7:8"));
    assertEquals("fe80:0:0:0:0:0:0:1", text("fe80::1%eth0"));
    assertEquals("fe80:0:0:0:0:0:0:1", text("[fe80::1%25]"));
    assertEquals("0:0:0:0:0:0:c000:201", text("::192.0.2.1"));
    assertEquals("192.0.2.1", text("::ffff:192.0.2.1"));
  }

  @Test
  void anythingElseIsNotAnAddress() {
    for (String garbage :
        List.of(
            "",
            "999.1.1.1",
            "256.0.0.1",
            "1.2.3",
            "1.2.3.4.5",
            "01.2.3.4",
            "1.2.3.04",
            "1..2.3",
            ".1.2.3",
            "1.2.3.",
            "1.2.3.4.",
            "1234.1.1.1",
            "1.2.3.4a",
            "+1.2.3.4",
            "1.2.3.-4",
            "\u0661.2.3.4",
            "1.2.3.4:80",
            "example.com",
            "localhost",
            "unknown",
            "1::2::3",
            ":1:2:3:4:5:6:7",
            "1:2:3:4:5:6:7:8:9",
            "1:2:3:4:5:6:7",
            "1:2:3:4:5:6:7:8::",
            "12345::1",
            "g::1",
            "::1.2.3",
            "::999.1.1.1",
            "1.2.3.4::",
            "%eth0",
            "::1%",
            "[::1",
            "1".repeat(100))) {
      assertEquals(Optional.empty(), IpAddresses.literal(garbage), garbage);
    }
    assertEquals(Optional.empty(), IpAddresses.literal(null));
  }

  /**
   * InetAddress asks the security manager before every name lookup ({@code checkConnect(host,
   * -1)}), so one that records those calls sees any lookup, whether or not it would succeed.
   */
  @Test
  @SuppressWarnings("removal")
  void nothingIsEverResolved() {
    List<String> lookups = new ArrayList<>();
    SecurityManager recorder =
        new SecurityManager() {
          @Override
          public void checkConnect(String host, int port) {
            if (port == -1) {
              synchronized (lookups) {
                lookups.add(host);
              }
            }
          }

          @Override
          public void checkPermission(Permission permission) {}

          @Override
          public void checkPermission(Permission permission, Object context) {}
        };
    SecurityManager before = System.getSecurityManager();
    try {
      System.setSecurityManager(recorder);
    } catch (UnsupportedOperationException gone) {
      // JDK 24+ has no security manager; the parsing tests above still hold there
      Assumptions.abort("no security manager on this JDK to watch for lookups");
    }
    try {
      for (String hop : List.of("999.1.1.1", "1.1.1.256", "::999.1.1.1", "example.com")) {
        IpAddresses.literal(hop);
        ClientAddresses.trusting("10.0.0.0/8").of("10.0.0.1", hop + ", 10.0.0.2");
      }
    } finally {
      System.setSecurityManager(before);
    }
    assertTrue(lookups.isEmpty(), "looked up: " + lookups);
  }

  private static String text(String literal) {
    return IpAddresses.literal(literal)
        .orElseThrow(() -> new AssertionError(literal))
        .getHostAddress();
  }
}
