package tech.eclips.workforce.audit.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.eclips.workforce.audit.entity.ActorType;
import tech.eclips.workforce.audit.entity.AuditOutcome;
import tech.eclips.workforce.tools.AuditVerify;

/**
 * The server's signing key and chain definition against the offline verifier, which shares no code
 * with them: an export the server would write verifies; one changed entry, one entry cut after its
 * checkpoint, or a checkpoint signed by another key does not. And the dev key is refused outside
 * dev mode.
 */
class CheckpointSigningTest {

  private static final UUID ORG = UUID.randomUUID();
  private static final AuditSigningKey.Loaded DEV =
      AuditSigningKey.load(AuditSigningKey.DEV_ONLY_KEY);
  private static final String DEV_PUBLIC =
      Base64.getEncoder().encodeToString(DEV.open().getEncoded());

  @Test
  void theDevKeyIsRefusedOutsideDevModeOnly() throws Exception {
    assertTrue(AuditSigningKeyRefusal.refuses(false, Optional.of(AuditSigningKey.DEV_ONLY_KEY)));
    assertFalse(AuditSigningKeyRefusal.refuses(true, Optional.of(AuditSigningKey.DEV_ONLY_KEY)));
    String other =
        Base64.getEncoder()
            .encodeToString(
                KeyPairGenerator.getInstance("Ed25519")
                    .generateKeyPair()
                    .getPrivate()
                    .getEncoded());
    assertFalse(AuditSigningKeyRefusal.refuses(false, Optional.of(other)));
    assertFalse(AuditSigningKeyRefusal.refuses(false, Optional.empty()));
    assertThrows(IllegalStateException.class, () -> AuditSigningKey.load("bm90IGEga2V5"));
    String pem = "-----BEGIN PRIVATE KEY-----\n" + other + "\n-----END PRIVATE KEY-----\n";
    assertEquals(AuditSigningKey.load(other).id(), AuditSigningKey.load(pem).id());
  }

  @Test
  void theVerifierAcceptsWhatTheServerWrites() {
    List<String> export = export(5, 5);
    AuditVerify.Report report = AuditVerify.verify(export, List.of(), List.of(DEV_PUBLIC));
    assertTrue(report.valid(), report::toString);
    assertEquals(5, report.entries());
    assertEquals(1, report.checkpoints());
    assertEquals(DEV.id(), AuditVerify.keyId(DEV.open().getEncoded()));
  }

  @Test
  void aChangedEntryIsCaughtEvenWhenRelinked() {
    List<String> kept = export(5, 4);
    // the same chain with entry 2 changed and every hash after it recomputed: internally consistent
    List<String> rewritten = new ArrayList<>(export(5, 0, 2));
    AuditVerify.Report report = AuditVerify.verify(rewritten, kept, List.of(DEV_PUBLIC));
    assertFalse(report.valid(), report::toString);
    assertTrue(report.failures().get(0).startsWith("rewritten: entry 4"), report::toString);
  }

  @Test
  void aTruncatedTailIsCaught() {
    List<String> kept = export(5, 5);
    List<String> cut = export(3, 0);
    AuditVerify.Report report = AuditVerify.verify(cut, kept, List.of(DEV_PUBLIC));
    assertFalse(report.valid());
    assertTrue(
        report.failures().get(0).startsWith("truncated: checkpoint at seq 5"), report::toString);
  }

  @Test
  void aCheckpointOfAnotherKeyOrNoneAtAllProvesNothing() throws Exception {
    String other =
        Base64.getEncoder()
            .encodeToString(
                KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded());
    assertFalse(AuditVerify.verify(export(5, 5), List.of(), List.of(other)).valid());
    AuditVerify.Report none = AuditVerify.verify(export(5, 0), List.of(), List.of(DEV_PUBLIC));
    assertEquals(
        List.of("no signed checkpoint covers this export: nothing anchors it"), none.failures());
  }

  /**
   * The packaged command as an auditor runs it: bin/eclips-audit, one source file under a bare JDK;
   * exit 0 for the export, 1 once a kept checkpoint contradicts a cut log.
   */
  @Test
  void theCommandRunsTheSourceFileAsItIs(@TempDir Path dir) throws Exception {
    Path export = Files.write(dir.resolve("export.jsonl"), export(5, 5));
    Path cut = Files.write(dir.resolve("cut.jsonl"), export(3, 0));
    Path key = Files.writeString(dir.resolve("key.txt"), DEV_PUBLIC);
    assertEquals(0, run("verify", export.toString(), "--public-key", key.toString()));
    assertEquals(
        1,
        run(
            "verify",
            cut.toString(),
            "--public-key",
            key.toString(),
            "--checkpoints",
            export.toString()));
    assertEquals(2, run("check"));
  }

  private static int run(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("src/package/bin/eclips-audit"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes());
    assertTrue(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), output);
    return process.exitValue();
  }

  /** {@code entries} entries, a checkpoint at {@code checkpointAt} (0: none), the trailer. */
  private static List<String> export(int entries, int checkpointAt) {
    return export(entries, checkpointAt, 0);
  }

  private static List<String> export(int entries, int checkpointAt, int changed) {
    List<String> lines = new ArrayList<>();
    byte[] prev = null;
    for (int seq = 1; seq <= entries; seq++) {
      Instant at = Instant.parse("2026-12-06T09:00:00.123456Z").plusSeconds(seq);
      AuditEvent event =
          new AuditEvent(
              ActorType.USER,
              "admin@" + ORG,
              null,
              "api_key.created",
              "api_key",
              "k" + seq,
              AuditOutcome.ALLOWED,
              null,
              "req \"" + seq + "\"",
              seq == changed ? "203.0.113.66" : "198.51.100.7",
              "curl/8 \u00e9",
              1);
      byte[] hash = AuditChain.link(prev, seq, at, event);
      lines.add(
          "{\"object\":\"audit_entry\",\"seq\":"
              + seq
              + ",\"occurred_at\":\""
              + at
              + "\",\"actor_type\":\"user\",\"actor_id\":\"admin@"
              + ORG
              + "\",\"actor_hint\":null,\"action\":\"api_key.created\",\"resource_type\":\"api_key\""
              + ",\"resource_id\":\"k"
              + seq
              + "\",\"outcome\":\"allowed\",\"code\":null,\"request_id\":\"req \\\""
              + seq
              + "\\\"\",\"client_address\":\""
              + event.clientAddress()
              + "\",\"user_agent\":\"curl/8 \\u00e9\",\"occurrences\":1,\"prev_hash\":"
              + (prev == null ? "null" : "\"" + HexFormat.of().formatHex(prev) + "\"")
              + ",\"hash\":\""
              + HexFormat.of().formatHex(hash)
              + "\"}");
      if (seq == checkpointAt) {
        lines.add(checkpoint(seq, hash, at.plusSeconds(60)));
      }
      prev = hash;
    }
    lines.add(
        "{\"object\":\"audit_export\",\"org_id\":\""
            + ORG
            + "\",\"key_id\":\""
            + DEV.id()
            + "\",\"public_key\":\""
            + DEV_PUBLIC
            + "\"}");
    return lines;
  }

  private static String checkpoint(long seq, byte[] hash, Instant at) {
    AuditSigningKey key = new AuditSigningKey();
    key.configureWith(AuditSigningKey.DEV_ONLY_KEY);
    byte[] signature = key.sign(Checkpoint.message(ORG, seq, hash, at));
    return "{\"object\":\"audit_checkpoint\",\"org_id\":\""
        + ORG
        + "\",\"seq\":"
        + seq
        + ",\"hash\":\""
        + HexFormat.of().formatHex(hash)
        + "\",\"checkpointed_at\":\""
        + at
        + "\",\"key_id\":\""
        + key.keyId()
        + "\",\"signature\":\""
        + Base64.getEncoder().encodeToString(signature)
        + "\"}";
  }
}
