package it.tech.eclips.workforce.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.Deployments;
import it.tech.eclips.workforce.harness.Api;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Clients generated at build time from the committed document (src/main/openapi/openapi.json, which
 * OpenApiIT keeps equal to the served one) walk the README's integrator path against the test
 * server: org and grant, key, /v1/me, a run with an Idempotency-Key and its replay, polling, a
 * triage resolution, a document uploaded, read back and run on, credits, an audit page, and a 404
 * surfaced as the client's exception with the problem's code (docs/api.md, "Generated clients").
 */
@ExtendWith(Deployments.class)
class GeneratedClientsIT {

  private static final List<String> TYPESCRIPT_STEPS =
      List.of(
          "createOrg",
          "grantCredits",
          "createApiKey",
          "getMe",
          "createRun",
          "getRun",
          "resolveConsoleTriageItem",
          "uploadDocument",
          "getDocumentContent",
          "createRun(document)",
          "getCredits",
          "listAuditEntries",
          "getRun(missing) not_found");

  @Test
  void theGeneratedJavaClientWalksTheIntegratorPath() throws Exception {
    JavaWalkthrough.walk();
  }

  @Test
  void theGeneratedTypeScriptClientWalksTheIntegratorPath() throws Exception {
    String tsc = NodeTools.tsc();
    String node = NodeTools.node();
    Path log = Path.of("target/ts-walkthrough.log");
    Files.createDirectories(log.getParent());
    Process compile =
        new ProcessBuilder(tsc, "--project", "src/test/typescript/tsconfig.json")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertTrue(compile.waitFor(180, TimeUnit.SECONDS), "tsc did not finish within 180 s");
    assertEquals(0, compile.exitValue(), "tsc:\n" + Files.readString(log, StandardCharsets.UTF_8));

    ProcessBuilder walk =
        new ProcessBuilder(node, "target/ts-walkthrough/src/test/typescript/walkthrough.js")
            .redirectErrorStream(true);
    walk.environment().put("ECLIPS_BASE_URL", Api.uri("").toString().replaceFirst("/$", ""));
    walk.environment().put("ECLIPS_PLATFORM_TOKEN", Api.platformToken());
    Process running = walk.start();
    List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
    Thread reader = new Thread(() -> answer(running, output), "ts-walkthrough-output");
    reader.setDaemon(true);
    reader.start();
    if (!running.waitFor(120, TimeUnit.SECONDS)) {
      running.destroyForcibly();
      throw new AssertionError("node did not finish within 120 s:\n" + String.join("\n", output));
    }
    reader.join(TimeUnit.SECONDS.toMillis(5));
    String all = String.join("\n", output);
    Files.writeString(Path.of("target/ts-walkthrough-run.log"), all + "\n");
    assertEquals(0, running.exitValue(), "node walkthrough:\n" + all);
    for (String step : TYPESCRIPT_STEPS) {
      assertTrue(all.contains("ok " + step), step + " missing:\n" + all);
    }
    assertTrue(all.contains("walkthrough complete: " + TYPESCRIPT_STEPS.size() + " steps"), all);
  }

  /**
   * Collects node's output; when it names its new org, the test (the identity provider) answers.
   */
  private static void answer(Process running, List<String> output) {
    try (BufferedReader lines =
            new BufferedReader(
                new InputStreamReader(running.getInputStream(), StandardCharsets.UTF_8));
        Writer stdin = running.outputWriter(StandardCharsets.UTF_8)) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        output.add(line);
        if (line.startsWith("org ")) {
          stdin.write(Api.orgToken(line.substring(4).trim(), "org_admin") + "\n");
          stdin.flush();
        }
      }
    } catch (IOException e) {
      output.add("(reading node's output: " + e + ")");
    }
  }
}
