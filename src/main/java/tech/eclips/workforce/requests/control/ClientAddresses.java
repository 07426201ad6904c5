package tech.eclips.workforce.requests.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who the client is, for per-address limits and audit entries: the connection's peer, unless that
 * peer is a trusted proxy ({@code ECLIPS_HTTP_TRUSTED_PROXIES}, comma-separated addresses or CIDR
 * ranges; none by default), in which case the right-most address in {@code X-Forwarded-For} that is
 * not itself a trusted proxy. Without trusted proxies the header is ignored, so a client cannot
 * choose its own address. Several {@code X-Forwarded-For} lines are one list, in order (RFC 9110
 * §5.3), so the walk starts at the right end of the last line, which the nearest proxy appended. A
 * hop that is not an IP literal (a name, {@code 999.1.1.1}, {@code unknown}) is never resolved: the
 * walk stops there and the last address it trusted as a client is used, at worst the proxy.
 *
 * <p>Per-address limits count IPv6 clients by their network ({@link #network}), {@code
 * ECLIPS_RATELIMIT_IPV6_PREFIX} bits (default 64, the smallest network one subscriber usually
 * gets), since one host can rotate through every address of its /64.
 */
@ApplicationScoped
public class ClientAddresses {

  static final int MAX_HEADER = 1_024;
  static final int MAX_HOPS = 20;

  static final int DEFAULT_IPV6_PREFIX = 64;

  private List<IpAddresses.Range> trusted = List.of();
  private int ipv6Prefix = DEFAULT_IPV6_PREFIX;

  @Inject
  void configure(
      @ConfigProperty(name = "eclips.http.trusted-proxies") Optional<List<String>> proxies,
      @ConfigProperty(name = "eclips.ratelimit.ipv6-prefix", defaultValue = "64") int prefix) {
    if (prefix < 1 || prefix > 128) {
      throw new IllegalArgumentException(
          "ECLIPS_RATELIMIT_IPV6_PREFIX must be between 1 and 128, not " + prefix);
    }
    ipv6Prefix = prefix;
    trusted =
        proxies.orElse(List.of()).stream()
            .filter(p -> !p.isBlank())
            .map(IpAddresses.Range::parse)
            .toList();
  }

  /** For tests outside CDI. */
  static ClientAddresses trusting(String... proxies) {
    return counting(DEFAULT_IPV6_PREFIX, proxies);
  }

  /** For tests outside CDI, with IPv6 clients counted by networks of {@code prefix} bits. */
  static ClientAddresses counting(int prefix, String... proxies) {
    ClientAddresses addresses = new ClientAddresses();
    addresses.configure(Optional.of(Arrays.asList(proxies)), prefix);
    return addresses;
  }

  public String of(HttpServletRequest request) {
    if (trusted.isEmpty()) {
      return request.getRemoteAddr(); // the header is not read at all
    }
    Enumeration<String> lines = request.getHeaders("X-Forwarded-For");
    StringBuilder combined = new StringBuilder();
    while (lines != null && lines.hasMoreElements() && combined.length() <= MAX_HEADER) {
      combined.append(combined.isEmpty() ? "" : ",").append(lines.nextElement());
    }
    return of(request.getRemoteAddr(), combined.isEmpty() ? null : combined.toString());
  }

  /**
   * What per-address limits count: an IPv4 address itself, an IPv6 address's network of {@code
   * ECLIPS_RATELIMIT_IPV6_PREFIX} bits (as {@code 2001:db8:1:2:0:0:0:0/64}); text that is no
   * address (a container's odd peer value) as it is.
   */
  public String network(String address) {
    Optional<InetAddress> parsed = IpAddresses.literal(address);
    if (parsed.isEmpty()) {
      return address;
    }
    if (parsed.get().getAddress().length == 4) {
      return parsed.get().getHostAddress();
    }
    byte[] bytes = parsed.get().getAddress();
    for (int bit = ipv6Prefix; bit < 128; bit++) {
      bytes[bit / 8] &= (byte) ~(0x80 >> (bit % 8));
    }
    try {
      return InetAddress.getByAddress(bytes).getHostAddress() + "/" + ipv6Prefix;
    } catch (java.net.UnknownHostException impossible) {
      return address;
    }
  }

  String of(String peer, String forwardedFor) {
    if (trusted.isEmpty() || !isTrusted(peer)) {
      return peer;
    }
    if (forwardedFor == null || forwardedFor.length() > MAX_HEADER) {
      return peer;
    }
    List<String> hops = Arrays.asList(forwardedFor.split(",", MAX_HOPS + 1));
    String client = peer;
    for (int i = Math.min(hops.size(), MAX_HOPS) - 1; i >= 0; i--) {
      Optional<InetAddress> hop = IpAddresses.literal(hops.get(i));
      if (hop.isEmpty()) {
        return client;
      }
      client = hop.get().getHostAddress();
      if (!trusted(hop.get())) {
        return client;
      }
    }
    return client;
  }

  private boolean isTrusted(String peer) {
    return IpAddresses.literal(peer).map(this::trusted).orElse(false);
  }

  private boolean trusted(InetAddress address) {
    return trusted.stream().anyMatch(range -> range.contains(address));
  }
}
