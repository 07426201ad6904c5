package tech.eclips.workforce.webhooks.control;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Why an address is no place to deliver a webhook to: it reaches the server itself, the networks
 * behind it, a cloud's metadata service, or no single host. Only public unicast addresses pass.
 * IPv6 forms that embed an IPv4 address (mapped {@code ::ffff:0:0/96}, NAT64 {@code 64:ff9b::/96},
 * 6to4 {@code 2002::/16}) are judged by the IPv4 address they carry.
 */
public enum AddressClass {
  UNSPECIFIED("unspecified"),
  LOOPBACK("loopback"),
  PRIVATE("private"),
  SHARED("shared address space (CGNAT, 100.64.0.0/10)"),
  LINK_LOCAL("link-local"),
  METADATA("a cloud metadata service"),
  MULTICAST("multicast"),
  BROADCAST("broadcast"),
  RESERVED("reserved (or for documentation)");

  private final String description;

  AddressClass(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }

  /** The refused class of {@code address}, or empty for a public unicast address. */
  public static Optional<AddressClass> of(InetAddress address) {
    byte[] b = address.getAddress();
    return Optional.ofNullable(address instanceof Inet4Address ? v4(b, 0) : v6(b));
  }

  private static AddressClass v4(byte[] bytes, int at) {
    int a = bytes[at] & 0xff;
    int b = bytes[at + 1] & 0xff;
    int c = bytes[at + 2] & 0xff;
    int d = bytes[at + 3] & 0xff;
    if (a == 0) {
      return UNSPECIFIED; // 0.0.0.0/8, "this network"; 0.0.0.0 reaches the server itself
    } else if (a == 127) {
      return LOOPBACK;
    } else if (a == 10 || (a == 172 && (b & 0xf0) == 16) || (a == 192 && b == 168)) {
      return PRIVATE;
    } else if (a == 100 && (b & 0xc0) == 64) {
      return SHARED;
    } else if (a == 169 && b == 254) {
      return c == 169 && d == 254 ? METADATA : LINK_LOCAL;
    } else if ((a & 0xf0) == 224) {
      return MULTICAST;
    } else if (a == 255 && b == 255 && c == 255 && d == 255) {
      return BROADCAST;
    } else if ((a & 0xf0) == 240
        || (a == 192 && b == 0 && (c == 0 || c == 2))
        || (a == 198 && (b & 0xfe) == 18)
        || (a == 198 && b == 51 && c == 100)
        || (a == 203 && b == 0 && c == 113)) {
      return RESERVED;
    }
    return null;
  }

  private static AddressClass v6(byte[] b) {
    if (zero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
      return v4(b, 12); // IPv4-mapped ::ffff:a.b.c.d
    } else if (zero(b, 0, 15)) {
      return b[15] == 1 ? LOOPBACK : b[15] == 0 ? UNSPECIFIED : RESERVED;
    } else if (zero(b, 0, 12)) {
      return RESERVED; // IPv4-compatible ::a.b.c.d, deprecated (RFC 4291)
    } else if (word(b, 0) == 0x0064 && word(b, 2) == 0xff9b && zero(b, 4, 12)) {
      return v4(b, 12); // NAT64 well-known prefix 64:ff9b::/96
    } else if (word(b, 0) == 0x2002) {
      AddressClass embedded = v4(b, 2); // 6to4
      return embedded;
    } else if (word(b, 0) == 0xfd00
        && word(b, 2) == 0x0ec2
        && zero(b, 4, 14)
        && word(b, 14) == 0x0254) {
      return METADATA; // fd00:ec2::254, AWS's IMDS over IPv6
    } else if ((b[0] & 0xfe) == 0xfc) {
      return PRIVATE; // fc00::/7 unique local
    } else if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80) {
      return LINK_LOCAL; // fe80::/10
    } else if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) {
      return PRIVATE; // fec0::/10, deprecated site-local
    } else if ((b[0] & 0xff) == 0xff) {
      return MULTICAST;
    } else if ((word(b, 0) == 0x2001 && (word(b, 2) == 0x0db8 || word(b, 2) == 0))
        || (word(b, 0) == 0x0100 && zero(b, 2, 8))
        || (word(b, 0) == 0x0064 && word(b, 2) == 0xff9b && word(b, 4) == 0x0001)) {
      return RESERVED; // documentation, Teredo, discard-only, local-use NAT64
    }
    return null;
  }

  private static boolean zero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static int word(byte[] b, int at) {
    return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
  }
}
