package tech.eclips.workforce.sql;

import java.util.UUID;

/**
 * Ids for the rows that hot paths append (audit entries, events, runs): UUID version 7 (RFC 9562),
 * the creation's Unix milliseconds in the first 48 bits and 74 random bits from {@link
 * UUID#randomUUID()}'s SecureRandom. Each of these tables has a primary key {@code (org_id, id)}:
 * with random ids every insert landed on another leaf page of it (read, dirtied and written again
 * after each checkpoint); time-ordered ids keep an org's new rows together (issue 26). An id still
 * cannot be guessed, and reveals only the creation time its row shows anyway.
 */
public final class TimeOrderedIds {

  private static final long VERSION_7 = 0x7000L;

  private TimeOrderedIds() {}

  public static UUID next() {
    return at(System.currentTimeMillis(), UUID.randomUUID());
  }

  /** The version-7 id of {@code millis}, with {@code random}'s random bits (for tests). */
  static UUID at(long millis, UUID random) {
    long high = (millis << 16) | VERSION_7 | (random.getMostSignificantBits() & 0x0FFFL);
    // the low half keeps random's variant (binary 10) and its 62 random bits
    return new UUID(high, random.getLeastSignificantBits());
  }
}
