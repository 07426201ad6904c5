package tech.eclips.workforce.sessions.control;

import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One signed-in browser: its CSRF token, when it began (sessions end at a maximum age whatever
 * their use) and the provider's tokens, replaced by a refresh under {@link #refreshing}.
 */
public final class ConsoleSession {

  private final String csrf;
  private final Instant started;
  private final String subject;
  final ReentrantLock refreshing = new ReentrantLock();
  private volatile ProviderTokens tokens;

  ConsoleSession(String csrf, Instant started, String subject, ProviderTokens tokens) {
    this.csrf = csrf;
    this.started = started;
    this.subject = subject;
    this.tokens = tokens;
  }

  public String csrf() {
    return csrf;
  }

  public Instant started() {
    return started;
  }

  /** For logs about the session: the provider's subject, never a token. */
  public String subject() {
    return subject;
  }

  public ProviderTokens tokens() {
    return tokens;
  }

  void replace(ProviderTokens fresh) {
    tokens = fresh;
  }

  @Override
  public String toString() {
    return "ConsoleSession[subject=" + subject + "]";
  }
}
