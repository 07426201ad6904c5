package tech.eclips.workforce.requests.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who the client is, for per-address limits and audit entries: the connection's peer, unless that
 * peer is a trusted proxy ({@code ECLIPS_HTTP_TRUSTED_PROXIES}, comma-separated addresses or CIDR
 * ranges; none by default), in which case the right-most address in {@code X-Forwarded-For} that is
 * not itself a trusted proxy. Without trusted proxies the header is ignored, so a client cannot
 * choose its own address.
 */
@ApplicationScoped
public class ClientAddresses {

  static final int MAX_HEADER = 1_024;
  static final int MAX_HOPS = 20;

  private List<IpAddresses.Range> trusted = List.of();

  @Inject
  void configure(
      @ConfigProperty(name = "eclips.http.trusted-proxies") Optional<List<String>> proxies) {
    trusted =
        proxies.orElse(List.of()).stream()
            .filter(p -> !p.isBlank())
            .map(IpAddresses.Range::parse)
            .toList();
  }

  /** For tests outside CDI. */
  static ClientAddresses trusting(String... proxies) {
    ClientAddresses addresses = new ClientAddresses();
    addresses.configure(Optional.of(Arrays.asList(proxies)));
    return addresses;
  }

  public String of(HttpServletRequest request) {
    return of(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"));
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
