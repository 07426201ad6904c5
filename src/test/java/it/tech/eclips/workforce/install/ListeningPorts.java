package it.tech.eclips.workforce.install;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The TCP ports a process listens on, read from Linux's /proc (the package is Linux only): every
 * listening socket of the machine with its inode ({@code /proc/net/tcp}, {@code tcp6}, state 0A),
 * kept if one of the process's file descriptors is that socket. Proves a listener closed without
 * guessing the port it would have had.
 */
final class ListeningPorts {

  private static final String LISTEN = "0A";

  private ListeningPorts() {}

  static Set<Integer> of(ProcessHandle process) throws IOException {
    Map<String, Integer> listening = new HashMap<>();
    for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
      Path file = Path.of(table);
      if (!Files.isReadable(file)) {
        continue;
      }
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
      Files.readAllLines(file).stream()
          .skip(1)
          .map(line -> line.trim().split("\\s+"))
          .filter(columns -> columns.length > 9 && LISTEN.equals(columns[3]))
          .forEach(
              columns ->
                  listening.put(
                      columns[9],
                      Integer.parseInt(columns[1].substring(columns[1].lastIndexOf(':') + 1), 16)));
    }
    Set<Integer> ports = new TreeSet<>();
    try (Stream<Path> descriptors =
        Files.list(Path.of("/proc", Long.toString(process.pid()), "fd"))) {
      for (Path descriptor : descriptors.toList()) {
        String target;
        try {
          target = Files.readSymbolicLink(descriptor).toString();
        } catch (IOException closedMeanwhile) {
          continue;
        }
        if (target.startsWith("socket:[")) {
          Integer port = listening.get(target.substring(8, target.length() - 1));
          if (port != null) {
            ports.add(port);
          }
        }
      }
    }
    return ports;
  }
}
