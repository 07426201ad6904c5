package tech.eclips.workforce.tools;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The server's side of each request's latency, read off the wire: a capture of the loopback
 * interface during one wrk measurement ({@link WireCapture}), from a request's packet to the first
 * packet of its answer on the same connection. wrk measures from its own write to its own reading
 * of the answer, which on the benchmark's two shared cores includes wrk's wait for a core; the
 * packets' times do not (bench/README.md, item 2). One request at a time per connection, as wrk
 * sends them.
 *
 * <p>With the database's port it also finds the audit writer's flushes: a message to PostgreSQL of
 * at least {@link #FLUSH_BYTES} (an append of many entries; a read's messages are a few hundred
 * bytes) until PostgreSQL's first answer on that connection (the server's own schedules send about
 * one such message a second too, which counts alike). It reports how much of the time a flush was
 * running, and how often the slowest 1 % of the requests overlapped one against all requests: equal
 * shares would say the flushes do not make the tail.
 */
record WireLatency(
    int requests,
    double p50Millis,
    double p99Millis,
    double flushesPerSecond,
    double flushBusyPercent,
    double allInFlushPercent,
    double slowestInFlushPercent) {

  /** A message to PostgreSQL this large is a batch append, not a read. */
  static final int FLUSH_BYTES = 2_000;

  private static final int PCAP_HEADER = 24;
  private static final int RECORD_HEADER = 16;
  private static final int ETHERNET = 14;
  private static final int MAGIC_MICROS = 0xa1b2c3d4;
  private static final int MAGIC_NANOS = 0xa1b23c4d;
  private static final int LINKTYPE_ETHERNET = 1;

  /** One TCP segment that carried data. */
  record Segment(double seconds, int sourcePort, int destinationPort, int payload) {}

  private record Interval(double start, double end) {}

  static WireLatency read(Path pcap, int httpPort, int databasePort) throws IOException {
    return of(segments(Files.readAllBytes(pcap)), httpPort, databasePort);
  }

  static WireLatency of(List<Segment> segments, int httpPort, int databasePort) {
    Map<Integer, Double> asked = new HashMap<>();
    List<Interval> requests = new ArrayList<>();
    Map<Integer, Double> flushOpen = new HashMap<>();
    List<Interval> flushes = new ArrayList<>();
    for (Segment s : segments) {
      if (s.destinationPort == httpPort) {
        asked.put(s.sourcePort, s.seconds);
      } else if (s.sourcePort == httpPort) {
        Double since = asked.remove(s.destinationPort);
        if (since != null) {
          requests.add(new Interval(since, s.seconds));
        }
      } else if (s.destinationPort == databasePort) {
        if (s.payload >= FLUSH_BYTES) {
          flushOpen.putIfAbsent(s.sourcePort, s.seconds);
        }
      } else if (s.sourcePort == databasePort) {
        Double since = flushOpen.remove(s.destinationPort);
        if (since != null) {
          flushes.add(new Interval(since, s.seconds));
        }
      }
    }
    if (requests.isEmpty()) {
      return new WireLatency(0, Double.NaN, Double.NaN, 0, 0, 0, 0);
    }
    double[] millis = requests.stream().mapToDouble(r -> (r.end - r.start) * 1000).toArray();
    double[] sorted = millis.clone();
    Arrays.sort(sorted);
    double p99 = percentile(sorted, 0.99);
    double first = requests.get(0).start;
    double last = requests.stream().mapToDouble(Interval::end).max().orElse(first);
    double span = Math.max(1e-9, last - first);
    flushes.sort((a, b) -> Double.compare(a.start, b.start));
    double busy = flushes.stream().mapToDouble(f -> f.end - f.start).sum();
    boolean[] overlaps = new boolean[requests.size()];
    int inFlush = 0;
    for (int i = 0; i < requests.size(); i++) {
      overlaps[i] = overlapsAny(flushes, requests.get(i));
      inFlush += overlaps[i] ? 1 : 0;
    }
    // the slowest 1 % by rank (at least one request)
    int slowest = Math.max(1, requests.size() / 100);
    int slowestInFlush =
        (int)
            IntStream.range(0, requests.size())
                .boxed()
                .sorted((a, b) -> Double.compare(millis[b], millis[a]))
                .limit(slowest)
                .filter(i -> overlaps[i])
                .count();
    return new WireLatency(
        requests.size(),
        percentile(sorted, 0.5),
        p99,
        flushes.size() / span,
        100 * busy / span,
        100.0 * inFlush / requests.size(),
        100.0 * slowestInFlush / slowest);
  }

  /** The flushes are sorted by start; a request overlaps one that started before it ended. */
  private static boolean overlapsAny(List<Interval> flushes, Interval request) {
    int low = 0;
    int high = flushes.size();
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (flushes.get(mid).start <= request.end) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    // flushes are one connection's statements one after another, so a few back are enough
    for (int i = low - 1; i >= Math.max(0, low - 8); i--) {
      if (flushes.get(i).end >= request.start) {
        return true;
      }
    }
    return false;
  }

  private static double percentile(double[] sorted, double fraction) {
    return sorted[Math.min(sorted.length - 1, (int) (sorted.length * fraction))];
  }

  /** The TCP segments with data of a little-endian pcap file of an Ethernet (loopback) capture. */
  static List<Segment> segments(byte[] pcap) {
    ByteBuffer in = ByteBuffer.wrap(pcap).order(ByteOrder.LITTLE_ENDIAN);
    int magic = in.getInt(0);
    if (magic != MAGIC_MICROS && magic != MAGIC_NANOS) {
      throw new IllegalArgumentException("not a little-endian pcap file");
    }
    if (in.getInt(20) != LINKTYPE_ETHERNET) {
      throw new IllegalArgumentException("not an Ethernet capture: link type " + in.getInt(20));
    }
    double fraction = magic == MAGIC_NANOS ? 1e9 : 1e6;
    List<Segment> segments = new ArrayList<>();
    int at = PCAP_HEADER;
    while (at + RECORD_HEADER <= pcap.length) {
      double seconds = Integer.toUnsignedLong(in.getInt(at)) + in.getInt(at + 4) / fraction;
      int captured = in.getInt(at + 8);
      int packet = at + RECORD_HEADER;
      at = packet + captured;
      if (at > pcap.length || captured < ETHERNET + 20 + 13) {
        continue;
      }
      int ip = packet + ETHERNET;
      if ((pcap[ip] & 0xf0) != 0x40 || pcap[ip + 9] != 6) {
        continue; // IPv4 and TCP only: the benchmark connects to 127.0.0.1
      }
      int ipHeader = (pcap[ip] & 0x0f) * 4;
      int total = unsignedShort(pcap, ip + 2);
      int tcp = ip + ipHeader;
      int tcpHeader = ((pcap[tcp + 12] & 0xf0) >> 4) * 4;
      int payload = total - ipHeader - tcpHeader;
      if (payload > 0) {
        segments.add(
            new Segment(seconds, unsignedShort(pcap, tcp), unsignedShort(pcap, tcp + 2), payload));
      }
    }
    return segments;
  }

  private static int unsignedShort(byte[] bytes, int at) {
    return ((bytes[at] & 0xff) << 8) | (bytes[at + 1] & 0xff);
  }
}
