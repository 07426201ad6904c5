package tech.eclips.workforce.webhooks.control;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An operator's allow-list entry, {@code 10.20.0.0/16} or {@code fd12::/64} (a bare address is a
 * /32 or /128). Parsed from literals only: an entry never causes a DNS lookup.
 */
public record Cidr(byte[] network, int prefix) {

  public static Cidr parse(String text) {
    String trimmed = text.strip();
    int slash = trimmed.indexOf('/');
    String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
    boolean v4 = address.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    if (!v4 && !address.matches("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
      throw new IllegalArgumentException("not an address literal: " + address);
    }
    byte[] network;
    try {
      // brackets make the JDK parse an IPv6 literal and never ask DNS
      network = InetAddress.getByName(v4 ? address : "[" + address + "]").getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an address literal: " + address, e);
    }
    int prefix = slash < 0 ? network.length * 8 : Integer.parseInt(trimmed.substring(slash + 1));
    if (prefix < 0 || prefix > network.length * 8) {
      throw new IllegalArgumentException("prefix out of range: " + trimmed);
    }
    return new Cidr(network, prefix);
  }

  public boolean contains(InetAddress address) {
    byte[] candidate = address.getAddress();
    if (candidate.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (candidate[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (candidate[full] & mask) == (network[full] & mask);
  }
}
