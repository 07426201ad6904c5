package it.tech.eclips.workforce.install;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The package unpacked into a folder and driven only through its own commands, exactly as the
 * docs/operations.md's "Install on a server" tells an operator: {@code tar xzf}, {@code
 * bin/eclips-db}, {@code bin/eclips}. Every command runs with the environment it is given and
 * nothing else of the build's, and every wait is bounded.
 */
final class Installation {

  private final PackagedServer server;
  private final Path parent;
  private final Path home;
  private final Path commandLog;

  Installation(PackagedServer server, Path parent) {
    this.server = server;
    this.parent = parent.toAbsolutePath();
    this.home = this.parent.resolve("eclips-workforce");
    this.commandLog = this.parent.resolve("commands.log");
  }

  Path home() {
    return home;
  }

  /** A folder with nothing of an earlier run. */
  static Installation fresh(PackagedServer server, Path parent) throws IOException {
    if (Files.exists(parent)) {
      try (Stream<Path> paths = Files.walk(parent)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
    Files.createDirectories(parent);
    return new Installation(server, parent);
  }

  /** {@code tar xzf archive}: the first install, and an upgrade when the folder holds one. */
  Result unpack(Path archive) {
    return run(
        List.of("tar", "xzf", archive.toAbsolutePath().toString(), "-C", parent.toString()),
        Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")),
        Duration.ofMinutes(2));
  }

  Result db(Map<String, String> env, String command) {
    return run(
        List.of(home.resolve("bin/eclips-db").toString(), command), env, Duration.ofMinutes(2));
  }

  Result eclips(Map<String, String> env, String command) {
    return run(List.of(home.resolve("bin/eclips").toString(), command), env, Duration.ofMinutes(6));
  }

  /** The server's JVM, from the pid file its start script writes. */
  Optional<ProcessHandle> serverProcess() throws IOException {
    Path pidFile = server.pidFile(home);
    if (!Files.isRegularFile(pidFile)) {
      return Optional.empty();
    }
    return ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()))
        .filter(ProcessHandle::isAlive);
  }

  PackagedServer server() {
    return server;
  }

  private Result run(List<String> command, Map<String, String> env, Duration within) {
    try {
      Path output = Files.createTempFile(parent, "command", ".out");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(parent.toFile())
              .redirectErrorStream(true)
              // a file, not a pipe: the server JVM that 'server start' leaves behind must not hold
              // the test's stream open
              .redirectOutput(output.toFile());
      builder.environment().clear();
      builder.environment().putAll(env);
      Process process = builder.start();
      if (!process.waitFor(within.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not finish in " + within);
      }
      String text = Files.readString(output);
      Files.delete(output);
      Files.writeString(
          commandLog,
          "$ " + String.join(" ", command) + "\n" + text + "exit " + process.exitValue() + "\n\n",
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      return new Result(new ArrayList<>(command), process.exitValue(), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** What a command printed and how it ended. */
  record Result(List<String> command, int exit, String output) {

    Result expectSuccess() {
      if (exit != 0) {
        throw new AssertionError(String.join(" ", command) + " exited " + exit + ":\n" + output);
      }
      return this;
    }
  }
}
