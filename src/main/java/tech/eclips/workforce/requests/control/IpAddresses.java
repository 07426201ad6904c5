package tech.eclips.workforce.requests.control;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IP address literals and CIDR ranges, parsed by hand so that nothing here can ever ask DNS: {@code
 * InetAddress.getByName} resolves anything that is not a valid literal (e.g. {@code 999.1.1.1}) as
 * a host name, which a client could use to make the server query a resolver, or to wait for one.
 */
final class IpAddresses {

  private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");
  private static final int MAX_LITERAL = 64;

  private IpAddresses() {}

  /**
   * The address if the text is an IPv4 dotted quad (four decimal parts of at most 255, no leading
   * zeros, which some parsers read as octal) or an IPv6 literal (optionally in brackets, an
   * optional zone such as {@code %eth0} is dropped); anything else, names included, is empty.
   */
  static Optional<InetAddress> literal(String text) {
    String candidate = text == null ? "" : text.strip();
    if (candidate.length() > MAX_LITERAL) {
      return Optional.empty();
    }
    if (candidate.startsWith("[") && candidate.endsWith("]")) {
      candidate = candidate.substring(1, candidate.length() - 1);
    }
    byte[] bytes = candidate.contains(":") ? v6(candidate) : v4(candidate);
    if (bytes == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByAddress(bytes)); // bytes only: never a lookup
    } catch (UnknownHostException impossible) {
      return Optional.empty();
    }
  }

  /** A dotted quad read by hand: a regular expression cost more than the rest of the check. */
  private static byte[] v4(String text) {
    byte[] bytes = new byte[4];
    int part = 0;
    int i = 0;
    while (part < 4) {
      int start = i;
      int value = 0;
      while (i < text.length() && i - start < 3 && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
        value = value * 10 + (text.charAt(i++) - '0');
      }
      int digits = i - start;
      if (digits == 0 || value > 255 || (digits > 1 && text.charAt(start) == '0')) {
        return null;
      }
      bytes[part++] = (byte) value;
      if (part < 4) {
        if (i >= text.length() || text.charAt(i) != '.') {
          return null;
        }
        i++;
      }
    }
    return i == text.length() ? bytes : null;
  }

  private static byte[] v6(String text) {
    int zone = text.indexOf('%');
    String address = zone >= 0 ? text.substring(0, zone) : text;
    if (zone == 0 || zone == text.length() - 1) {
      return null;
    }
    int gap = address.indexOf("::");
    if (gap != address.lastIndexOf("::")) {
      return null;
    }
    List<byte[]> head = groups(gap < 0 ? address : address.substring(0, gap), gap < 0);
    List<byte[]> tail = gap < 0 ? List.of() : groups(address.substring(gap + 2), true);
    if (head == null || tail == null) {
      return null;
    }
    int length = 0;
    for (byte[] group : head) {
      length += group.length;
    }
    for (byte[] group : tail) {
      length += group.length;
    }
    if (gap < 0 ? length != 16 : length > 14) {
      return null;
    }
    byte[] bytes = new byte[16];
    int at = 0;
    for (byte[] group : head) {
      System.arraycopy(group, 0, bytes, at, group.length);
      at += group.length;
    }
    at = 16 - length + at;
    for (byte[] group : tail) {
      System.arraycopy(group, 0, bytes, at, group.length);
      at += group.length;
    }
    return bytes;
  }

  /**
   * The 16-bit groups of one side of {@code ::} (2 bytes each); the last may be an IPv4 quad (4
   * bytes) when {@code last} says this side ends the address. Null when any part is malformed.
   */
  private static List<byte[]> groups(String side, boolean last) {
    List<byte[]> groups = new ArrayList<>(8);
    if (side.isEmpty()) {
      return groups;
    }
    String[] parts = side.split(":", -1);
    if (parts.length > 8) {
      return null;
    }
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (last && i == parts.length - 1 && part.contains(".")) {
        byte[] quad = v4(part);
        if (quad == null) {
          return null;
        }
        groups.add(quad);
      } else if (HEX_GROUP.matcher(part).matches()) {
        int value = Integer.parseInt(part, 16);
        groups.add(new byte[] {(byte) (value >> 8), (byte) value});
      } else {
        return null;
      }
    }
    return groups;
  }

  /** A range such as {@code 10.0.0.0/8} or {@code ::1/128}; a bare address is a range of one. */
  record Range(byte[] network, int prefix) {

    static Range parse(String cidr) {
      String[] parts = cidr.strip().split("/", 2);
      InetAddress address =
          literal(parts[0])
              .orElseThrow(() -> new IllegalArgumentException("not an IP range: " + cidr));
      int bits = address.getAddress().length * 8;
      int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : bits;
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException("not an IP range: " + cidr);
      }
      return new Range(address.getAddress(), prefix);
    }

    boolean contains(InetAddress address) {
      byte[] bytes = address.getAddress();
      if (bytes.length != network.length) {
        return false;
      }
      for (int bit = 0; bit < prefix; bit++) {
        int mask = 0x80 >> (bit % 8);
        if ((bytes[bit / 8] & mask) != (network[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }
}
