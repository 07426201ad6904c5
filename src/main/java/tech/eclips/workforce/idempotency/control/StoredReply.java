package tech.eclips.workforce.idempotency.control;

import java.nio.charset.StandardCharsets;

/**
 * The first reply to a request with an Idempotency-Key, as stored: its status, its JSON body (none
 * for a 204), the Location of what it made, and whether the body was withheld: a reply that showed
 * a key secret (only its hash is ever stored, CONTRACT §3) or one larger than {@link #MAX_BODY}.
 */
public record StoredReply(int status, String body, String location, boolean withheld) {

  /** Stored replies are bounded: a larger body is withheld, its replay names the resource only. */
  public static final int MAX_BODY = 64 * 1024;

  /** Why a replay cannot give the body back. */
  public enum Withheld {
    SECRET,
    TOO_LARGE
  }

  /** What to store of a reply, the body withheld when it shows a secret or is too large. */
  public static StoredReply of(int status, String body, String location, boolean showsSecret) {
    boolean withheld =
        showsSecret || (body != null && body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY);
    return new StoredReply(status, withheld ? null : body, location, withheld);
  }
}
