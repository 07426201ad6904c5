package tech.eclips.workforce.webhooks.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import tech.eclips.workforce.identity.control.DevKeyRefusal;

/**
 * Where webhooks may go (issue 23, no SSRF). A URL is checked twice: when it is registered (its
 * form, and its host if that is an address literal or a {@code localhost} name: no DNS at
 * registration, whose answer could change anyway), and before every connection ({@link #resolve}:
 * every address the name resolves to must pass, and the delivery connects to the checked one, see
 * {@link PinnedSockets}). Refused: every {@link AddressClass}, unless an address lies in the
 * operator's allow-list {@code eclips.webhooks.allowed-destinations} (comma-separated CIDRs; the
 * tests name their local receiver there). Only {@code https} outside dev mode, allow-listed or not.
 */
@ApplicationScoped
public class Destinations {

  public static final String ALLOW_LIST_PROPERTY = "eclips.webhooks.allowed-destinations";
  static final int MAX_URL_LENGTH = 2048;

  private static final Pattern NUMERIC_LABEL = Pattern.compile("(?i)0x[0-9a-f]*|[0-9]+");
  private static final Pattern CANONICAL_OCTET = Pattern.compile("0|[1-9][0-9]{0,2}");

  private List<Cidr> allowed = List.of();
  private boolean plainHttpAllowed;

  public Destinations() {}

  Destinations(List<Cidr> allowed, boolean plainHttpAllowed) {
    this.allowed = List.copyOf(allowed);
    this.plainHttpAllowed = plainHttpAllowed;
  }

  @PostConstruct
  void configure() {
    Config config = ConfigProvider.getConfig();
    plainHttpAllowed = DevKeyRefusal.isDevMode(config);
    allowed =
        config
            .getOptionalValue(ALLOW_LIST_PROPERTY, String.class)
            .map(
                list ->
                    Arrays.stream(list.split(","))
                        .filter(s -> !s.isBlank())
                        .map(Cidr::parse)
                        .toList())
            .orElse(List.of());
  }

  /** Plain {@code http} is allowed in dev mode only. */
  public boolean plainHttpAllowed() {
    return plainHttpAllowed;
  }

  /** A URL an admin registers: problems are {@link Refusal}s the boundary turns into 400s. */
  public URI registrable(String url) {
    URI uri = form(url);
    String host = bareHost(uri);
    if (host.equals("localhost") || host.endsWith(".localhost")) {
      throw new Refusal(true, "'" + host + "' is a loopback name");
    }
    Optional<String> why = literal(host).flatMap(this::refusal);
    if (why.isPresent()) {
      throw new Refusal(true, "the address " + host + " is " + why.get());
    }
    return uri;
  }

  /**
   * Before a connection: resolves the host now, refuses if any of its addresses is refused, and
   * returns the first one, which the delivery must connect to.
   */
  public Destination resolve(URI url) {
    String host = bareHost(url);
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw new DestinationRefused("the host " + host + " does not resolve");
    }
    for (InetAddress address : addresses) {
      Optional<String> why = refusal(address);
      if (why.isPresent()) {
        throw new DestinationRefused("the host " + host + " resolves to " + why.get());
      }
    }
    int port =
        url.getPort() > 0 ? url.getPort() : url.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    return new Destination(url, host, port, addresses[0]);
  }

  /** Why {@code address} is refused, or empty if a delivery may connect to it. */
  public Optional<String> refusal(InetAddress address) {
    if (allowed.stream().anyMatch(c -> c.contains(address))) {
      return Optional.empty();
    }
    return AddressClass.of(address).map(AddressClass::description);
  }

  private URI form(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new Refusal(false, "is not a valid URL");
    }
    if (url.length() > MAX_URL_LENGTH) {
      throw new Refusal(false, "must be at most " + MAX_URL_LENGTH + " characters");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !(plainHttpAllowed && scheme.equals("http"))) {
      throw new Refusal(
          false, plainHttpAllowed ? "must be an http(s) URL" : "must be an https URL");
    }
    if (uri.getHost() == null && uri.getRawAuthority() != null) {
      // java.net.URI has no host for 2130706433, 0x7f.1 or 127.1: still a destination to refuse
      literal(authorityHost(uri.getRawAuthority()));
    }
    if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
      throw new Refusal(false, "must name a host, without user information or a fragment");
    }
    return uri;
  }

  /** The host part of an authority {@code java.net.URI} could not parse a host from. */
  static String authorityHost(String authority) {
    String host = authority.substring(authority.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      return end < 0 ? host.substring(1) : host.substring(1, end);
    }
    int colon = host.lastIndexOf(':');
    return colon < 0 ? host : host.substring(0, colon);
  }

  /** Lower case, without IPv6 brackets or a trailing dot. */
  static String bareHost(URI uri) {
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
  }

  /**
   * The address a literal host names, without DNS. A host of numeric labels that is not a canonical
   * dotted quad ({@code 0x7f.1}, {@code 2130706433}, {@code 127.1}, {@code 010.0.0.1}) is refused:
   * resolvers and clients disagree about what it means, so it gets no meaning here.
   */
  static Optional<InetAddress> literal(String host) {
    if (host.contains(":")) {
      if (host.contains("%")) {
        throw new Refusal(true, "an IPv6 zone index is link-local");
      }
      return Optional.of(parseLiteral(host));
    }
    String[] labels = host.split("\\.", -1);
    if (Arrays.stream(labels).allMatch(l -> NUMERIC_LABEL.matcher(l).matches())) {
      if (labels.length != 4
          || !Arrays.stream(labels)
              .allMatch(l -> CANONICAL_OCTET.matcher(l).matches() && Integer.parseInt(l) <= 255)) {
        throw new Refusal(true, "'" + host + "' is not a canonical IPv4 address");
      }
      return Optional.of(parseLiteral(host));
    }
    return Optional.empty();
  }

  private static InetAddress parseLiteral(String literal) {
    try {
      return InetAddress.getByName(literal.contains(":") ? "[" + literal + "]" : literal);
    } catch (UnknownHostException | RuntimeException e) {
      throw new Refusal(false, "is not a valid address");
    }
  }

  /**
   * A URL refused at registration: {@code destination} for where it points (400 {@code
   * webhook_destination_refused}), otherwise for its form (400 {@code invalid_request}).
   */
  public static final class Refusal extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final boolean destination;

    Refusal(boolean destination, String message) {
      super(message, null, false, false);
      this.destination = destination;
    }

    public boolean destination() {
      return destination;
    }
  }
}
