package it.tech.eclips.workforce.fuzz;

import it.tech.eclips.workforce.harness.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The used heap of the test server's JVM after a full collection, read with jcmd from outside (the
 * test runs as a client): found by its command line (TestServer).
 */
final class ServerHeap {

  private static final Pattern USED = Pattern.compile("used (\\d+)K");

  private ServerHeap() {}

  /**
   * Used heap in bytes after {@code GC.run} (twice: the first may only start a concurrent cycle).
   */
  static long usedAfterGc() throws IOException, InterruptedException {
    String pid = serverPid();
    run("jcmd", pid, "GC.run");
    Thread.sleep(500);
    run("jcmd", pid, "GC.run");
    String info = run("jcmd", pid, "GC.heap_info");
    Matcher used = USED.matcher(info);
    if (!used.find()) {
      throw new IllegalStateException("no used heap in jcmd GC.heap_info: " + info);
    }
    return Long.parseLong(used.group(1)) * 1024;
  }

  private static String serverPid() throws IOException, InterruptedException {
    String pattern = TestServer.current().processPattern();
    String pids = run("pgrep", "-f", pattern).trim();
    if (pids.isEmpty() || pids.contains("\n")) {
      throw new IllegalStateException(
          "expected one server process matching " + pattern + ": " + pids);
    }
    return pids;
  }

  private static String run(String... command) throws IOException, InterruptedException {
    if (command[0].equals("jcmd")) {
      command[0] = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " did not finish");
    }
    return out;
  }
}
