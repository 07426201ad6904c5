package tech.eclips.workforce.requests.control;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A key's address allow-list: IPv4 and IPv6 CIDR ranges (a bare address is its own range), parsed
 * without DNS ({@link IpAddresses}). Stored comma-joined in canonical form; at most {@link
 * #MAX_RANGES}.
 */
public final class AddressRanges {

  public static final int MAX_RANGES = 50;

  private final List<IpAddresses.Range> ranges;
  private final List<String> canonical;

  private AddressRanges(List<IpAddresses.Range> ranges, List<String> canonical) {
    this.ranges = List.copyOf(ranges);
    this.canonical = List.copyOf(canonical);
  }

  /**
   * The ranges as written; {@link IllegalArgumentException} naming the first that is no range, or
   * for more than {@link #MAX_RANGES}, or for none.
   */
  public static AddressRanges parse(List<String> written) {
    if (written.isEmpty() || written.size() > MAX_RANGES) {
      throw new IllegalArgumentException("must list 1 to " + MAX_RANGES + " addresses or ranges");
    }
    List<IpAddresses.Range> ranges = new ArrayList<>(written.size());
    List<String> canonical = new ArrayList<>(written.size());
    for (String range : written) {
      IpAddresses.Range parsed;
      try {
        parsed = IpAddresses.Range.parse(range);
      } catch (IllegalArgumentException notARange) {
        throw new IllegalArgumentException("'" + range + "' is no IP address or CIDR range");
      }
      ranges.add(parsed);
      canonical.add(text(parsed));
    }
    return new AddressRanges(ranges, canonical);
  }

  /** What the database holds (comma-joined); empty for none, and for text no longer valid. */
  public static Optional<AddressRanges> stored(String joined) {
    if (joined == null || joined.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(parse(List.of(joined.split(","))));
    } catch (IllegalArgumentException corrupt) {
      return Optional.of(new AddressRanges(List.of(), List.of())); // admits nothing: fail closed
    }
  }

  /** The client address (as {@link ClientAddresses} gave it) lies in one of the ranges. */
  public boolean contains(String address) {
    Optional<InetAddress> parsed = IpAddresses.literal(address);
    return parsed.isPresent() && ranges.stream().anyMatch(r -> r.contains(parsed.get()));
  }

  public List<String> list() {
    return canonical;
  }

  public String joined() {
    return String.join(",", canonical);
  }

  /** The network with its host bits cleared, and its prefix: {@code 2001:db8:0:0:0:0:0:0/32}. */
  private static String text(IpAddresses.Range range) {
    byte[] network = range.network().clone();
    for (int bit = range.prefix(); bit < network.length * 8; bit++) {
      network[bit / 8] &= (byte) ~(0x80 >> (bit % 8));
    }
    try {
      return InetAddress.getByAddress(network).getHostAddress() + "/" + range.prefix();
    } catch (UnknownHostException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
