package tech.eclips.workforce.tools.noisy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Anonymous bursts against the readiness check: {@link #BURST} requests at once every {@link
 * #EVERY}, each on its own connection. A readiness answer may be 200 or 503 (down, the health
 * protocol's own answer); it must never be a 500, and the burst must not take the pool the orgs
 * need.
 */
final class ReadinessBurst {

  static final int BURST = 48;
  static final Duration EVERY = Duration.ofSeconds(2);
  static final String PATTERN = "readiness-bursts";

  private final Target target;
  private final String address;
  private final Tally tally;

  ReadinessBurst(Target target, String address, Tally tally) {
    this.target = target;
    this.address = address;
    this.tally = tally;
  }

  void start(Crew crew) {
    crew.loop("readiness-burst", () -> burst(crew));
  }

  /** How long a whole burst may wait for its answers: a stalled server must not hold the thread. */
  static final Duration PATIENCE = Duration.ofSeconds(10);

  private Duration burst(Crew crew) {
    List<RawSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < BURST; i++) {
        RawSocket socket =
            new RawSocket(target.readiness().getHost(), target.readiness().getPort(), 0);
        sockets.add(socket);
        socket.write(
            "GET "
                + target.readiness().getRawPath()
                + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nX-Forwarded-For: "
                + address
                + "\r\n\r\n");
      }
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      for (RawSocket socket : sockets) {
        if (!crew.running()) {
          break;
        }
        int status = socket.awaitStatus(deadline);
        if (status >= 500 && status != 503) {
          tally.count(PATTERN, new Answer(status, null, null, 0, null));
        } else {
          tally.count(PATTERN, Integer.toString(status));
        }
      }
    } catch (IOException e) {
      tally.count(PATTERN, "no answer (" + e.getClass().getSimpleName() + ")");
    } finally {
      sockets.forEach(RawSocket::close);
    }
    return EVERY;
  }
}
