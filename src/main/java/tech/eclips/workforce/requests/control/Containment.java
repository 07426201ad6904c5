package tech.eclips.workforce.requests.control;

import java.time.Instant;

/**
 * What limits where and how a key may be used beyond its scopes, as the lookup returned it with the
 * key (so checking it costs no round trip): its address allow-list, its quarantine (pinned to the
 * addresses it was seen from), and whether its org froze the keys of its mode.
 *
 * @param allowed the key's allow-list; {@code null}: any address
 * @param quarantinedAt set while the key is quarantined
 * @param pinned the addresses a quarantined key is pinned to; {@code null}: not pinned
 * @param frozen the org froze every key of this key's mode
 */
public record Containment(
    AddressRanges allowed, Instant quarantinedAt, AddressRanges pinned, boolean frozen) {

  public static final Containment NONE = new Containment(null, null, null, false);

  /** A quarantined key's limit per minute, whatever its own or its plan's. */
  public static final int QUARANTINE_PER_MINUTE = 10;

  public boolean quarantined() {
    return quarantinedAt != null;
  }

  /** May the key be used from this client address? Its allow-list and its quarantine's pin. */
  public boolean admits(String clientAddress) {
    return (allowed == null || allowed.contains(clientAddress))
        && (!quarantined() || pinned == null || pinned.contains(clientAddress));
  }
}
