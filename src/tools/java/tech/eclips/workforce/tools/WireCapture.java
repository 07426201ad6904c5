package tech.eclips.workforce.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * tcpdump on the loopback interface for one measurement: the HTTP port's and the database's
 * packets, their first 80 bytes (headers and sizes: at most 26 bytes of a request, never its key,
 * which starts 43 bytes in, after the request line and {@code Authorization: Bearer }), into a file
 * read by {@link WireLatency} and deleted afterwards. Needs tcpdump and the right to capture
 * (bench/run.sh installs it; the benchmark runs as root on the CI-like machines); without them the
 * wire figures are left out and the run goes on.
 */
final class WireCapture implements AutoCloseable {

  /** Ethernet, IP and TCP headers with options; not a request's Authorization value. */
  static final int SNAPLEN = 80;

  private final Process tcpdump;
  private final Path file;
  private final Path log;

  private WireCapture(Process tcpdump, Path file, Path log) {
    this.tcpdump = tcpdump;
    this.file = file;
    this.log = log;
  }

  /** Starts capturing and returns once tcpdump listens, or null if it cannot. */
  static WireCapture start(Path directory, int httpPort, int databasePort)
      throws IOException, InterruptedException {
    Path file = directory.resolve("wire.pcap");
    Path log = directory.resolve("wire.log");
    Files.deleteIfExists(file);
    Process tcpdump;
    try {
      tcpdump =
          new ProcessBuilder(
                  List.of(
                      "tcpdump",
                      "-i",
                      "lo",
                      "-n",
                      "-s",
                      Integer.toString(SNAPLEN),
                      "-B",
                      "65536",
                      "-w",
                      file.toString(),
                      "tcp port " + httpPort + " or tcp port " + databasePort))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException notInstalled) {
      return null;
    }
    for (int i = 0; i < 100; i++) {
      if (Files.readString(log).contains("listening on")) {
        return new WireCapture(tcpdump, file, log);
      }
      if (!tcpdump.isAlive()) {
        return null;
      }
      Thread.sleep(50);
    }
    tcpdump.destroyForcibly();
    return null;
  }

  /** Stops capturing (tcpdump writes out its buffer on SIGTERM) and reads the latencies. */
  WireLatency stop(int httpPort, int databasePort) throws IOException, InterruptedException {
    tcpdump.destroy();
    if (!tcpdump.waitFor(10, TimeUnit.SECONDS)) {
      tcpdump.destroyForcibly();
      return null;
    }
    WireLatency latency = WireLatency.read(file, httpPort, databasePort);
    System.out.println("[bench] wire: " + Files.readString(log).lines().skip(1).toList());
    return latency;
  }

  @Override
  public void close() throws IOException {
    if (tcpdump.isAlive()) {
      tcpdump.destroyForcibly();
    }
    Files.deleteIfExists(file);
  }
}
