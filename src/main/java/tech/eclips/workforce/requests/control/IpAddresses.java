package tech.eclips.workforce.requests.control;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** IP address literals and CIDR ranges, parsed without ever asking DNS. */
final class IpAddresses {

  private static final Pattern V4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  private IpAddresses() {}

  /** The address if the text is an IPv4 or IPv6 literal (InetAddress would resolve a name). */
  static Optional<InetAddress> literal(String text) {
    String candidate = text == null ? "" : text.strip();
    if (candidate.startsWith("[") && candidate.endsWith("]")) {
      candidate = candidate.substring(1, candidate.length() - 1);
    }
    boolean v4 = V4.matcher(candidate).matches();
    if (!v4 && !(V6.matcher(candidate).matches() && candidate.contains(":"))) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(candidate));
    } catch (UnknownHostException | SecurityException malformed) {
      return Optional.empty();
    }
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
