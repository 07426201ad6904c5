package tech.eclips.workforce.usage.control;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One key's requests in one hour and route class: a count per {@link Outcome}, up to {@link
 * #MAX_ADDRESSES} distinct client addresses, and the last use. Changed only inside the tally's
 * atomic {@code compute}, so it needs no lock of its own.
 */
public final class UsageCounts {

  /** Distinct addresses kept per key, hour and route class; more are counted as "at least". */
  public static final int MAX_ADDRESSES = 16;

  final long[] byOutcome = new long[Outcome.values().length];
  final Set<String> addresses = new LinkedHashSet<>();
  Instant lastAt;
  String lastAddress;

  UsageCounts add(Outcome outcome, String address, Instant at) {
    byOutcome[outcome.ordinal()]++;
    if (address != null && addresses.size() < MAX_ADDRESSES) {
      addresses.add(address);
    }
    lastAt = at;
    lastAddress = address;
    return this;
  }

  public long count(Outcome outcome) {
    return byOutcome[outcome.ordinal()];
  }

  public Set<String> addresses() {
    return addresses;
  }

  public Instant lastAt() {
    return lastAt;
  }

  public String lastAddress() {
    return lastAddress;
  }
}
