package tech.eclips.workforce.triage.control;

import java.util.UUID;

/**
 * Who resolves a triage item: an API key, or a console user (an org admin or not). {@code id} is
 * what {@code resolved_by} records and what a trust streak counts as one reviewer.
 */
public record Reviewer(String id, UUID keyId, boolean orgAdmin) {

  static final int MAX_SUBJECT = 200;

  public static Reviewer key(UUID keyId) {
    return new Reviewer("api_key:" + keyId, keyId, false);
  }

  public static Reviewer user(String subject, boolean orgAdmin) {
    String bounded = subject.length() > MAX_SUBJECT ? subject.substring(0, MAX_SUBJECT) : subject;
    return new Reviewer("user:" + bounded, null, orgAdmin);
  }
}
