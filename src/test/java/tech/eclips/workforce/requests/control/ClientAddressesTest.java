package tech.eclips.workforce.requests.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

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

  @Test
  void rangesAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> ClientAddresses.trusting("10.0.0.0/33"));
    assertThrows(IllegalArgumentException.class, () -> ClientAddresses.trusting("proxy.internal"));
  }
}
