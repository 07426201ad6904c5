package tech.eclips.workforce.tools.noisy;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;

/**
 * Slow clients that hold a connection as long as the server lets them: uploads that announce 5 MB
 * and send 64 bytes every half second, and downloads of a 10 MB document read 64 bytes every half
 * second through a small receive window. One thread drives every connection of a kind; a connection
 * the server answers or closes is counted and opened again after {@link #REOPEN}.
 */
final class Trickles {

  static final int UPLOADS = 32;
  static final int DOWNLOADS = 16;
  static final int DECLARED = 5_000_000;
  static final int SIP = 64;
  static final Duration TICK = Duration.ofMillis(500);
  static final Duration REOPEN = Duration.ofSeconds(2);

  private final Target target;
  private final Parties.Attacker attacker;
  private final String address;
  private final Tally tally;

  Trickles(Target target, Parties.Attacker attacker, String address, Tally tally) {
    this.target = target;
    this.attacker = attacker;
    this.address = address;
    this.tally = tally;
  }

  /** The connections one driver keeps, and when each closed slot may open again. */
  private abstract class Slots {
    final String pattern;
    final RawSocket[] open;
    final long[] reopenAt;

    Slots(String pattern, int count) {
      this.pattern = pattern;
      this.open = new RawSocket[count];
      this.reopenAt = new long[count];
      Arrays.fill(reopenAt, System.nanoTime());
    }

    abstract RawSocket connect() throws IOException;

    /** Sends or reads a little on one connection; returns its status once it has one, else 0. */
    abstract int trickle(RawSocket socket) throws IOException;

    Duration tick(Crew crew) {
      for (int i = 0; i < open.length && crew.running(); i++) {
        try {
          if (open[i] == null && System.nanoTime() >= reopenAt[i]) {
            open[i] = connect();
            tally.count(pattern, "opened");
          }
          if (open[i] != null) {
            int status = trickle(open[i]);
            if (status != 0) {
              release(i, status < 0 ? "closed by the server" : Integer.toString(status));
            }
          }
        } catch (IOException e) {
          release(i, "no answer (" + e.getClass().getSimpleName() + ")");
        }
      }
      return TICK;
    }

    void release(int i, String outcome) {
      if (outcome.startsWith("5") && !outcome.equals("503")) {
        tally.count(pattern, new Answer(Integer.parseInt(outcome), null, null, 0, null));
      } else {
        tally.count(pattern, outcome);
      }
      if (open[i] != null) {
        open[i].close();
      }
      open[i] = null;
      reopenAt[i] = System.nanoTime() + REOPEN.toNanos();
    }

    void closeAll() {
      int held = 0;
      for (RawSocket socket : open) {
        if (socket != null) {
          socket.close();
          held++;
        }
      }
      tally.count(pattern, "held to the end", held);
    }
  }

  void uploads(Crew crew) {
    Slots slots =
        new Slots("trickling-uploads", UPLOADS) {
          @Override
          RawSocket connect() throws IOException {
            RawSocket socket = new RawSocket(target.host(), target.port(), 0);
            socket.write(
                "POST /v1/documents?name=slow.txt HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer "
                    + attacker.testKey()
                    + "\r\nContent-Type: text/plain\r\nContent-Length: "
                    + DECLARED
                    + "\r\nX-Forwarded-For: "
                    + address
                    + "\r\n\r\n");
            return socket;
          }

          @Override
          int trickle(RawSocket socket) throws IOException {
            int status = socket.pollStatus(SIP);
            if (status == 0) {
              byte[] piece = new byte[SIP];
              Arrays.fill(piece, (byte) 'a');
              socket.write(piece);
            }
            return status;
          }
        };
    drive(crew, slots);
  }

  void downloads(Crew crew) {
    Slots slots =
        new Slots("trickling-downloads", DOWNLOADS) {
          @Override
          RawSocket connect() throws IOException {
            RawSocket socket = new RawSocket(target.host(), target.port(), 4096);
            socket.write(
                "GET /v1/documents/"
                    + attacker.largeDocument()
                    + "/content HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + attacker.testKey()
                    + "\r\nX-Forwarded-For: "
                    + address
                    + "\r\n\r\n");
            return socket;
          }

          /** A 200 keeps being read slowly; any other answer ends the connection. */
          @Override
          int trickle(RawSocket socket) throws IOException {
            int status = socket.pollStatus(SIP);
            if (status != 200) {
              return status;
            }
            if (socket.firstReport()) {
              tally.count(pattern, "200, read slowly");
            }
            return socket.sip(SIP) < 0 ? -1 : 0;
          }
        };
    drive(crew, slots);
  }

  private static void drive(Crew crew, Slots slots) {
    crew.loop(slots.pattern, () -> slots.tick(crew));
    crew.onClose(slots::closeAll);
  }
}
