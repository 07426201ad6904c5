package tech.eclips.workforce.webhooks.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every refused address class, in IPv4, IPv6 and the IPv6 forms that carry an IPv4 address. */
class DestinationsTest {

  private final Destinations production = new Destinations(List.of(), false);

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "0.0.0.0, UNSPECIFIED",
    "0.1.2.3, UNSPECIFIED",
    "127.0.0.1, LOOPBACK",
    "127.255.255.254, LOOPBACK",
    "10.0.0.1, PRIVATE",
    "10.255.255.255, PRIVATE",
    "172.16.0.1, PRIVATE",
    "172.31.255.255, PRIVATE",
    "192.168.1.1, PRIVATE",
    "100.64.0.1, SHARED",
    "100.127.255.255, SHARED",
    "169.254.0.1, LINK_LOCAL",
    "169.254.169.254, METADATA",
    "224.0.0.1, MULTICAST",
    "239.255.255.250, MULTICAST",
    "255.255.255.255, BROADCAST",
    "240.0.0.1, RESERVED",
    "192.0.0.8, RESERVED",
    "192.0.2.1, RESERVED",
    "198.18.0.1, RESERVED",
    "198.51.100.7, RESERVED",
    "203.0.113.9, RESERVED",
    "::, UNSPECIFIED",
    "::1, LOOPBACK",
    "fe80::1, LINK_LOCAL",
    "febf::1, LINK_LOCAL",
    "fc00::1, PRIVATE",
    "fd12:3456::1, PRIVATE",
    "fec0::1, PRIVATE",
    "fd00:ec2::254, METADATA",
    "ff02::1, MULTICAST",
    "ff0e::1, MULTICAST",
    "2001:db8::1, RESERVED",
    "2001:0:4136:e378::1, RESERVED",
    "100::1, RESERVED",
    "::7f00:1, RESERVED",
    "64:ff9b::7f00:1, LOOPBACK",
    "64:ff9b::a9fe:a9fe, METADATA",
    "64:ff9b::a00:1, PRIVATE",
    "2002:7f00:1::1, LOOPBACK",
    "2002:a9fe:a9fe::1, METADATA",
    "2002:c0a8:101::1, PRIVATE"
  })
  void refusedClasses(String literal, AddressClass expected) throws UnknownHostException {
    assertEquals(Optional.of(expected), AddressClass.of(InetAddress.getByName(literal)));
  }

  /** {@code ::ffff:a.b.c.d} built as an Inet6Address, which the JDK's parser never returns. */
  @ParameterizedTest(name = "::ffff:{0} is {1}")
  @CsvSource({
    "127.0.0.1, LOOPBACK",
    "10.1.2.3, PRIVATE",
    "172.20.0.1, PRIVATE",
    "192.168.0.1, PRIVATE",
    "100.64.1.1, SHARED",
    "169.254.169.254, METADATA",
    "169.254.1.1, LINK_LOCAL",
    "0.0.0.0, UNSPECIFIED",
    "224.0.0.251, MULTICAST",
    "255.255.255.255, BROADCAST"
  })
  void mappedForms(String v4, AddressClass expected) throws UnknownHostException {
    byte[] four = InetAddress.getByName(v4).getAddress();
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    System.arraycopy(four, 0, mapped, 12, 4);
    assertEquals(
        Optional.of(expected), AddressClass.of(Inet6Address.getByAddress(null, mapped, null)));
    // and as text, which the JDK turns into the IPv4 address itself
    assertEquals(Optional.of(expected), AddressClass.of(InetAddress.getByName("::ffff:" + v4)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1.1.1.1",
        "8.8.8.8",
        "93.184.215.14",
        "172.32.0.1",
        "172.15.255.255",
        "100.128.0.1",
        "100.63.255.255",
        "169.253.1.1",
        "198.20.0.1",
        "2606:4700:4700::1111",
        "2a00:1450:4001:82b::200e",
        "::ffff:8.8.8.8",
        "64:ff9b::808:808",
        "2002:808:808::1"
      })
  void publicUnicastPasses(String literal) throws UnknownHostException {
    assertEquals(Optional.empty(), AddressClass.of(InetAddress.getByName(literal)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://127.0.0.1/hook",
        "https://10.0.0.5:8443/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/hook",
        "https://[fd00:ec2::254]/",
        "https://[fe80::1]/",
        "https://[::ffff:127.0.0.1]/",
        "https://[::ffff:a9fe:a9fe]/",
        "https://100.100.100.200/",
        "https://0.0.0.0/",
        "https://localhost/hook",
        "https://LOCALHOST./hook",
        "https://api.localhost/hook",
        "https://2130706433/",
        "https://0x7f.0.0.1/",
        "https://127.1/",
        "https://0177.0.0.1/",
        "https://[fe80::1%25eth0]/"
      })
  void registeringARefusedDestinationIsRefusedAsSuch(String url) {
    Destinations.Refusal refusal =
        assertThrows(Destinations.Refusal.class, () -> production.registrable(url));
    assertTrue(refusal.destination(), url + ": " + refusal.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://hooks.example.com/",
        "ftp://hooks.example.com/",
        "hooks.example.com/x",
        "https:///nohost",
        "https://user:pw@hooks.example.com/",
        "https://hooks.example.com/#frag",
        "https://exa mple.com/"
      })
  void registeringAMalformedOrPlainHttpUrlIsAnInvalidRequest(String url) {
    Destinations.Refusal refusal =
        assertThrows(Destinations.Refusal.class, () -> production.registrable(url));
    assertFalse(refusal.destination(), url + ": " + refusal.getMessage());
  }

  @Test
  void registeringAPublicHttpsUrlNeedsNoDns() {
    // .invalid never resolves (RFC 6761): registration does not look the name up
    assertEquals(
        URI.create("https://hooks.eclips.invalid/in?x=1"),
        production.registrable("https://hooks.eclips.invalid/in?x=1"));
    assertEquals(URI.create("https://8.8.8.8/"), production.registrable("https://8.8.8.8/"));
  }

  @Test
  void plainHttpOnlyInDevMode() {
    Destinations dev = new Destinations(List.of(Cidr.parse("127.0.0.0/8")), true);
    assertEquals(URI.create("http://127.0.0.1:9/hook"), dev.registrable("http://127.0.0.1:9/hook"));
    Destinations allowListedProduction =
        new Destinations(List.of(Cidr.parse("127.0.0.0/8")), false);
    assertFalse(
        assertThrows(
                Destinations.Refusal.class,
                () -> allowListedProduction.registrable("http://127.0.0.1:9/hook"))
            .destination());
    assertEquals(
        URI.create("https://127.0.0.1:9/hook"),
        allowListedProduction.registrable("https://127.0.0.1:9/hook"));
  }

  @Test
  void theAllowListLetsExactlyItsRangesThrough() throws UnknownHostException {
    Destinations operator =
        new Destinations(List.of(Cidr.parse("10.20.0.0/16"), Cidr.parse("fd12::/64")), false);
    assertEquals(Optional.empty(), operator.refusal(InetAddress.getByName("10.20.3.4")));
    assertTrue(operator.refusal(InetAddress.getByName("10.21.0.1")).isPresent());
    assertEquals(Optional.empty(), operator.refusal(InetAddress.getByName("fd12::9")));
    assertTrue(operator.refusal(InetAddress.getByName("fd12:0:0:1::9")).isPresent());
    assertTrue(operator.refusal(InetAddress.getByName("169.254.169.254")).isPresent());
    assertTrue(new Cidr(new byte[4], 0).contains(InetAddress.getByName("127.0.0.1")));
    assertTrue(Cidr.parse("192.168.1.7").contains(InetAddress.getByName("192.168.1.7")));
    assertFalse(Cidr.parse("192.168.1.7").contains(InetAddress.getByName("192.168.1.8")));
    assertTrue(Cidr.parse("172.16.0.0/12").contains(InetAddress.getByName("172.31.0.1")));
    assertFalse(Cidr.parse("172.16.0.0/12").contains(InetAddress.getByName("172.32.0.1")));
    assertThrows(IllegalArgumentException.class, () -> Cidr.parse("example.com/8"));
    assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/33"));
  }

  @Test
  void atDeliveryTheResolvedAddressIsCheckedAndReturned() {
    Destination checked = production.resolve(URI.create("https://8.8.8.8/hook"));
    assertEquals("8.8.8.8", checked.address().getHostAddress());
    assertEquals(443, checked.port());
    assertTrue(checked.https());
    DestinationRefused refused =
        assertThrows(
            DestinationRefused.class,
            () -> production.resolve(URI.create("https://localhost:8443/")));
    assertTrue(refused.getMessage().contains("loopback"), refused.getMessage());
    assertThrows(
        DestinationRefused.class,
        () -> production.resolve(URI.create("https://nothing-here.eclips.invalid/")));
    Destinations allowing = new Destinations(List.of(Cidr.parse("127.0.0.0/8")), true);
    Destination local = allowing.resolve(URI.create("http://127.0.0.1:8080/"));
    assertEquals(8080, local.port());
    assertFalse(local.https());
  }
}
