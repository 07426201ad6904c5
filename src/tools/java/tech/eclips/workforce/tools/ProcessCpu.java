package tech.eclips.workforce.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time of processes from {@code /proc}, in clock ticks: what a phase of the benchmark costs the
 * server and PostgreSQL, which is far steadier on a shared machine than requests per second.
 */
final class ProcessCpu {

  private ProcessCpu() {}

  /** utime + stime of one process. */
  static long ticks(String pid) throws IOException {
    String[] fields = fields(Path.of("/proc", pid, "stat"));
    return Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
  }

  /**
   * utime + stime of the JVM's JIT compiler threads: while it grows, the server is still warming.
   */
  static long compilerTicks(String pid) throws IOException {
    return threadTicks(pid).values().stream()
        .filter(t -> t.group().equals(StepCosts.JIT_COMPILER))
        .mapToLong(ThreadTicks::ticks)
        .sum();
  }

  /**
   * utime + stime of each thread of a process, by thread id, with its group ({@link
   * StepCosts#threadGroup}, by the name in {@code comm}): a group's CPU over a phase is the sum of
   * its threads' differences (a pool's threads come and go, so the groups' totals alone can
   * shrink).
   */
  static java.util.Map<String, ThreadTicks> threadTicks(String pid) throws IOException {
    java.util.Map<String, ThreadTicks> ticks = new java.util.HashMap<>();
    try (Stream<Path> threads = Files.list(Path.of("/proc", pid, "task"))) {
      for (Path thread : threads.toList()) {
        try {
          String group = StepCosts.threadGroup(Files.readString(thread.resolve("comm")).trim());
          String[] fields = fields(thread.resolve("stat"));
          ticks.put(
              thread.getFileName().toString(),
              new ThreadTicks(group, Long.parseLong(fields[13]) + Long.parseLong(fields[14])));
        } catch (IOException gone) {
          // the thread ended while we looked
        }
      }
    }
    return ticks;
  }

  /** One thread's group and CPU ticks. */
  record ThreadTicks(String group, long ticks) {}

  /**
   * Every {@code postgres} process's utime + stime, plus the time of backends that already exited
   * (in their parent's cutime + cstime), so a phase's difference counts short-lived connections.
   */
  static long postgresTicks() throws IOException {
    long total = 0;
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      for (Path process :
          processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        try {
          String stat = Files.readString(process.resolve("stat"));
          if (!stat.contains("(postgres)")) {
            continue;
          }
          String[] fields = fields(stat);
          for (int i = 13; i <= 16; i++) {
            total += Long.parseLong(fields[i]);
          }
        } catch (IOException gone) {
          // the process ended while we looked
        }
      }
    }
    return total;
  }

  private static String[] fields(Path stat) throws IOException {
    return fields(Files.readString(stat));
  }

  /** The fields of /proc/PID/stat; the command name (field 2) may hold spaces, so cut after it. */
  private static String[] fields(String stat) {
    String afterName = stat.substring(stat.lastIndexOf(')') + 2);
    String[] rest = afterName.trim().split("\\s+");
    String[] all = new String[rest.length + 2];
    System.arraycopy(rest, 0, all, 2, rest.length);
    return all;
  }
}
