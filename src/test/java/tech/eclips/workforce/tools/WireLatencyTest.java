package tech.eclips.workforce.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireLatencyTest {

  private static final int HTTP = 9380;
  private static final int DB = 5432;

  @Test
  void readsEachRequestFromItsPacketToItsAnswersFirstPacket() {
    List<WireLatency.Segment> segments = new ArrayList<>();
    // 100 requests on two connections, one at a time each; request i takes i/100 ms
    for (int i = 0; i < 100; i++) {
      int client = 40000 + i % 2;
      double at = i * 0.01;
      segments.add(new WireLatency.Segment(at, client, HTTP, 120));
      segments.add(new WireLatency.Segment(at + (i + 1) / 100_000.0, HTTP, client, 680));
      // a second packet of the same answer does not end another request
      segments.add(new WireLatency.Segment(at + 0.002, HTTP, client, 100));
    }

    WireLatency latency = WireLatency.of(segments, HTTP, DB);

    assertEquals(100, latency.requests());
    assertEquals(0.51, latency.p50Millis(), 1e-9);
    assertEquals(1.0, latency.p99Millis(), 1e-9);
    assertEquals(0, latency.flushesPerSecond());
  }

  @Test
  void linesTheSlowestRequestsUpWithTheAuditFlushes() {
    List<WireLatency.Segment> segments = new ArrayList<>();
    // one flush from 0.5 s to 0.6 s: a large message to PostgreSQL, then its answer; a small
    // message on another connection (a read) is no flush
    segments.add(new WireLatency.Segment(0.5, 50000, DB, 70_000));
    segments.add(new WireLatency.Segment(0.55, 50001, DB, 300));
    segments.add(new WireLatency.Segment(0.56, DB, 50001, 200));
    segments.add(new WireLatency.Segment(0.6, DB, 50000, 40));
    // 200 requests, 5 ms apart: the two inside the flush take 10 ms, the others 1 ms
    for (int i = 0; i < 200; i++) {
      double at = i * 0.005;
      boolean inFlush = i == 105 || i == 110;
      // a connection of its own each, as wrk's 32 send while one waits
      segments.add(new WireLatency.Segment(at, 40000 + i, HTTP, 120));
      segments.add(new WireLatency.Segment(at + (inFlush ? 0.010 : 0.001), HTTP, 40000 + i, 680));
    }
    segments.sort((a, b) -> Double.compare(a.seconds(), b.seconds()));

    WireLatency latency = WireLatency.of(segments, HTTP, DB);

    assertEquals(200, latency.requests());
    // the 21 requests that start from 0.5 s through 0.6 s overlap the flush
    assertEquals(100.0 * 21 / 200, latency.allInFlushPercent(), 1e-9);
    // the slowest 1 % are the two of 10 ms, both inside it
    assertEquals(100, latency.slowestInFlushPercent(), 1e-9);
    assertEquals(100 * 0.1 / 0.996, latency.flushBusyPercent(), 1e-6);
  }

  @Test
  void theSlowestOnePercentOutsideTheFlushesCountsAsOutside() {
    List<WireLatency.Segment> segments = new ArrayList<>();
    segments.add(new WireLatency.Segment(0.0, 50000, DB, 5_000));
    segments.add(new WireLatency.Segment(0.05, DB, 50000, 40));
    for (int i = 0; i < 300; i++) {
      double at = 0.1 + i * 0.005;
      // three slow requests, all after the flush
      double took = i < 3 ? 0.020 : 0.001 + i / 1e7;
      segments.add(new WireLatency.Segment(at, 40000 + i, HTTP, 120));
      segments.add(new WireLatency.Segment(at + took, HTTP, 40000 + i, 680));
    }
    segments.sort((a, b) -> Double.compare(a.seconds(), b.seconds()));

    WireLatency latency = WireLatency.of(segments, HTTP, DB);

    assertEquals(0, latency.allInFlushPercent(), 1e-9);
    assertEquals(0, latency.slowestInFlushPercent(), 1e-9);
    assertEquals(20.0, latency.p99Millis(), 1e-9);
  }

  @Test
  void readsTcpSegmentsWithDataFromAPcapFile() {
    byte[] pcap =
        pcap(
            packet(1_000, 250_000, 40000, HTTP, 120),
            packet(1_000, 250_900, HTTP, 40000, 0), // an ACK: no data
            packet(1_000, 251_000, HTTP, 40000, 680));

    List<WireLatency.Segment> segments = WireLatency.segments(pcap);

    assertEquals(
        List.of(
            new WireLatency.Segment(1_000.25, 40000, HTTP, 120),
            new WireLatency.Segment(1_000.251, HTTP, 40000, 680)),
        segments);
  }

  @Test
  void refusesWhatIsNotALittleEndianPcap() {
    assertThrows(IllegalArgumentException.class, () -> WireLatency.segments(new byte[24]));
  }

  /** A pcap file (microseconds, Ethernet) of the given records. */
  private static byte[] pcap(byte[]... records) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    header.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0);
    header.putInt(WireCapture.SNAPLEN).putInt(1);
    out.writeBytes(header.array());
    for (byte[] record : records) {
      out.writeBytes(record);
    }
    return out.toByteArray();
  }

  /** One record: an IPv4/TCP packet on loopback, cut to the capture's snap length. */
  private static byte[] packet(int seconds, int micros, int from, int to, int payload) {
    int tcpHeader = 32;
    int length = 14 + 20 + tcpHeader + payload;
    int captured = Math.min(length, WireCapture.SNAPLEN);
    ByteBuffer packet = ByteBuffer.allocate(16 + captured).order(ByteOrder.LITTLE_ENDIAN);
    packet.putInt(seconds).putInt(micros).putInt(captured).putInt(length);
    ByteBuffer frame = ByteBuffer.allocate(length).order(ByteOrder.BIG_ENDIAN);
    frame.position(12);
    frame.putShort((short) 0x0800);
    frame.put((byte) 0x45).put((byte) 0).putShort((short) (20 + tcpHeader + payload));
    frame.putInt(0).put((byte) 64).put((byte) 6).putShort((short) 0);
    frame.putInt(0x7f000001).putInt(0x7f000001);
    frame.putShort((short) from).putShort((short) to).putInt(1).putInt(1);
    frame.put((byte) ((tcpHeader / 4) << 4));
    packet.put(frame.array(), 0, captured);
    return packet.array();
  }
}
