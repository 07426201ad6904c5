package it.tech.eclips.workforce.install;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where the two packages differ, seen from outside: the server's folder, its launcher, pid file and
 * logs, and how each says a line is a warning or an error. The build decides which package exists
 * ({@code eclips.server.kind}: Liberty by default, WildFly under {@code -Pwildfly}); {@code
 * bin/eclips} and everything else are the same.
 */
enum PackagedServer {
  LIBERTY(
      "wlp/usr/servers/eclips",
      "wlp/bin/server",
      "wlp/usr/servers/.pid/eclips.pid",
      "logs",
      "messages.log",
      // [6/12/26, 12:00:00:000 UTC] 0000002a com.ibm.ws.Foo   W CWWKx0000W: ...
      Pattern.compile("^\\[[^\\]]+\\] \\S+ \\S+\\s+[EW] [A-Z0-9]+:")),
  WILDFLY(
      "wildfly/standalone",
      "wildfly/bin/standalone.sh",
      "wildfly/standalone/eclips.pid",
      "log",
      "server.log",
      // 2026-12-06 12:00:00,000 WARN  [org.foo] (thread) WFLYxx0000: ...
      Pattern.compile("^\\S+ \\S+ (WARN|ERROR) "));

  private final String server;
  private final String launcher;
  private final String pidFile;
  private final String logs;
  private final String serverLog;
  private final Pattern loud;

  PackagedServer(
      String server, String launcher, String pidFile, String logs, String serverLog, Pattern loud) {
    this.server = server;
    this.launcher = launcher;
    this.pidFile = pidFile;
    this.logs = logs;
    this.serverLog = serverLog;
    this.loud = loud;
  }

  static PackagedServer built() {
    return "wildfly".equals(System.getProperty("eclips.server.kind")) ? WILDFLY : LIBERTY;
  }

  Path server(Path home) {
    return home.resolve(server);
  }

  String launcher() {
    return launcher;
  }

  Path pidFile(Path home) {
    return home.resolve(pidFile);
  }

  Path logs(Path home) {
    return server(home).resolve(logs);
  }

  /** messages.log (Liberty starts it afresh at every start) or server.log (WildFly appends). */
  Path serverLog(Path home) {
    return logs(home).resolve(serverLog);
  }

  /** What the server wrote to standard output. */
  Path consoleLog(Path home) {
    return logs(home).resolve("console.log");
  }

  /**
   * The console lines of the last start: Liberty's {@code server start} begins console.log afresh,
   * bin/eclips appends WildFly's to it ({@code from}: its size before that start).
   */
  List<String> consoleOfLastStart(Path home, long from) throws IOException {
    byte[] console = Files.readAllBytes(consoleLog(home));
    int start = this == LIBERTY ? 0 : (int) from;
    return new String(console, start, console.length - start, StandardCharsets.UTF_8)
        .lines()
        .toList();
  }

  /**
   * Console lines of a start with ECLIPS_LOG_FORMAT=json that are log messages in the plain format.
   * WildFly: none may be (bin/eclips writes the boot logging configuration in the chosen format, so
   * only standalone.sh's banner is plain text); Liberty: its launch message is written before its
   * configuration is read, by design (docs/operations.md, Logs).
   */
  List<String> plainMessages(List<String> consoleLines) {
    if (this == LIBERTY) {
      return List.of();
    }
    Pattern plain = Pattern.compile("\\d{2}:\\d{2}:\\d{2},\\d{3} +(TRACE|DEBUG|INFO|WARN|ERROR) ");
    return consoleLines.stream().filter(line -> plain.matcher(line).find()).toList();
  }

  /**
   * The ports a running server listens on besides the application's, on 127.0.0.1: Liberty's
   * command port (for {@code server stop}; a free port it picks at each start and writes, with a
   * key, into workarea/.sCommand: every number in that file) or WildFly's management interface
   * (ECLIPS_MANAGEMENT_PORT).
   */
  java.util.Set<Integer> controlPorts(Path home, int managementPort) throws IOException {
    if (this == WILDFLY) {
      return java.util.Set.of(managementPort);
    }
    Path command = server(home).resolve("workarea/.sCommand");
    if (!Files.isRegularFile(command)) {
      return java.util.Set.of();
    }
    return java.util.Arrays.stream(Files.readString(command).split("\\D+"))
        .filter(number -> !number.isEmpty() && number.length() <= 5)
        .map(Integer::valueOf)
        .collect(java.util.stream.Collectors.toSet());
  }

  /** The server log's ERROR and WARNING lines of the last start only. */
  List<String> loudLinesOfLastStart(Path home) throws IOException {
    List<String> lines = Files.readAllLines(serverLog(home), StandardCharsets.ISO_8859_1);
    if (this == WILDFLY) {
      // WFLYSRV0049: "WildFly ... starting", the first line of each start
      int start = 0;
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).contains("WFLYSRV0049")) {
          start = i;
        }
      }
      lines = lines.subList(start, lines.size());
    }
    return lines.stream().filter(line -> loud.matcher(line).find()).toList();
  }

  /**
   * Files the running server wrote that hold secrets or what clients sent: Liberty's server.env
   * (the fallback keystore's password), its resources (LTPA keys) and logs; WildFly's data
   * (deployment content, transaction log) and logs.
   */
  List<Path> writtenFiles(Path home) throws IOException {
    Path root = server(home);
    List<Path> files = new ArrayList<>();
    List<Path> folders =
        this == LIBERTY
            ? List.of(root.resolve("resources"), root.resolve("logs"))
            : List.of(root.resolve("data"), root.resolve("log"));
    if (this == LIBERTY) {
      files.add(root.resolve("server.env"));
    }
    for (Path folder : folders) {
      try (Stream<Path> walk = Files.walk(folder)) {
        walk.filter(Files::isRegularFile).forEach(files::add);
      }
    }
    return files;
  }

  /**
   * Settings of the dev and test servers that must never be in the package: Liberty's ports in
   * bootstrap.properties (the environment decides); WildFly's test property files, a generated
   * keystore and a plain HTTP listener in the default configuration.
   */
  List<String> testLeftovers(Path home) {
    Path root = server(home);
    List<String> found = new ArrayList<>();
    try {
      if (this == LIBERTY) {
        if (Files.readString(root.resolve("bootstrap.properties")).contains("port")) {
          found.add("ports in bootstrap.properties");
        }
        return found;
      }
      try (Stream<Path> files = Files.list(root.resolve("configuration"))) {
        files
            .map(file -> file.getFileName().toString())
            .filter(name -> name.startsWith("eclips-") || name.endsWith(".keystore"))
            .forEach(found::add);
      }
      if (Files.readString(root.resolve("configuration/standalone.xml"))
          .contains("<http-listener ")) {
        found.add("a plain HTTP listener in standalone.xml");
      }
      return found;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
