package tech.eclips.workforce.requests.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressRangesTest {

  @Test
  void ipv4AndIpv6RangesAreCanonicalAndContainTheirAddressesOnly() {
    AddressRanges ranges =
        AddressRanges.parse(List.of("203.0.113.77/24", "2001:DB8:5::1/48", "198.51.100.1"));
    assertEquals(
        List.of("203.0.113.0/24", "2001:db8:5:0:0:0:0:0/48", "198.51.100.1/32"), ranges.list());
    assertTrue(ranges.contains("203.0.113.1"));
    assertTrue(ranges.contains("2001:db8:5:ffff::1"));
    assertTrue(ranges.contains("198.51.100.1"));
    assertFalse(ranges.contains("198.51.100.2"));
    assertFalse(ranges.contains("2001:db8:6::1"));
    assertFalse(ranges.contains("not-an-address"));
    assertFalse(ranges.contains(null));
    assertEquals(ranges.list(), AddressRanges.stored(ranges.joined()).orElseThrow().list());
  }

  @Test
  void namesBadPrefixesEmptyAndTooManyAreRefusedWithoutDns() {
    for (String bad : List.of("example.com", "203.0.113.0/33", "::/129", "1.2.3.4/x", "")) {
      assertThrows(IllegalArgumentException.class, () -> AddressRanges.parse(List.of(bad)), bad);
    }
    assertThrows(IllegalArgumentException.class, () -> AddressRanges.parse(List.of()));
    assertThrows(
        IllegalArgumentException.class,
        () -> AddressRanges.parse(Collections.nCopies(AddressRanges.MAX_RANGES + 1, "10.0.0.1")));
  }

  @Test
  void corruptStoredTextAdmitsNothing() {
    assertTrue(AddressRanges.stored(null).isEmpty());
    assertFalse(AddressRanges.stored("garbage").orElseThrow().contains("10.0.0.1"));
  }

  @Test
  void containmentCombinesTheAllowListAndTheQuarantinePin() {
    AddressRanges office = AddressRanges.parse(List.of("10.0.0.0/8"));
    AddressRanges seen = AddressRanges.parse(List.of("10.1.1.1"));
    assertTrue(Containment.NONE.admits("192.0.2.1"));
    assertFalse(new Containment(office, null, null, false).admits("192.0.2.1"));
    Containment quarantined = new Containment(office, Instant.EPOCH, seen, false);
    assertTrue(quarantined.admits("10.1.1.1"));
    assertFalse(quarantined.admits("10.1.1.2"), "pinned inside the allow-list");
    assertTrue(new Containment(null, Instant.EPOCH, null, false).admits("192.0.2.1"), "not pinned");
    assertFalse(new Containment(null, null, seen, false).quarantined());
  }
}
