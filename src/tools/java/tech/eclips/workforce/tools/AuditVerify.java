package tech.eclips.workforce.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The offline audit verifier (issue 25, part 5): checks an anchored export ({@code GET
 * /console/v1/audit-log/export?checkpoints=true}) without the server or its database. It needs
 * nothing but a JDK 17: {@code bin/eclips-audit verify export.jsonl --public-key key.txt
 * [--checkpoints kept.jsonl]...} runs this one file with {@code java AuditVerify.java}.
 *
 * <ol>
 *   <li>Every entry links to the one before it: seq one more, {@code prev_hash} the previous hash,
 *       {@code hash = SHA-256(prev_hash || UTF-8(seq US time US actor_type US ... US occurrences))}
 *       recomputed (the definition of {@code audit.control.AuditChain}).
 *   <li>Every checkpoint, from the export and from any kept copy ({@code --checkpoints}: an earlier
 *       export, the server's checkpoint file, a webhook receiver's log), carries a valid Ed25519
 *       signature of a pinned public key over {@code eclips-audit-checkpoint/v1 LF org LF seq LF
 *       hex(hash) LF time}, and the export holds that seq with that hash. A checkpoint past the
 *       export's end means the log was truncated; another hash means it was rewritten.
 * </ol>
 *
 * Whoever controls the database can relink a rewritten chain and delete checkpoint rows, but cannot
 * sign: a checkpoint kept outside the database still contradicts the rewrite. Exit status 0 when
 * everything holds, 1 when anything does not, 2 on a usage error.
 */
public final class AuditVerify {

  private static final String US = "\u001f";
  private static final String CHECKPOINT_VERSION = "eclips-audit-checkpoint/v1";
  private static final List<String> HASHED =
      List.of(
          "actor_type",
          "actor_id",
          "actor_hint",
          "action",
          "resource_type",
          "resource_id",
          "outcome",
          "code",
          "request_id",
          "client_address",
          "user_agent");

  /** What the verifier found: failures make it fail; notes say what it could not check. */
  public record Report(List<String> failures, List<String> notes, long entries, int checkpoints) {
    public boolean valid() {
      return failures.isEmpty();
    }
  }

  private AuditVerify() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2 || !"verify".equals(args[0])) {
      usage();
      return;
    }
    List<String> export = Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8);
    List<String> kept = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (int i = 2; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        usage();
        return;
      }
      switch (args[i]) {
        case "--checkpoints" -> kept.addAll(Files.readAllLines(Path.of(args[i + 1])));
        case "--public-key" -> keys.add(keyText(args[i + 1]));
        default -> {
          usage();
          return;
        }
      }
    }
    Report report = verify(export, kept, keys);
    report.notes().forEach(n -> System.out.println("note: " + n));
    report.failures().forEach(f -> System.out.println("FAILED: " + f));
    System.out.println(
        (report.valid() ? "VALID: " : "INVALID: ")
            + report.entries()
            + " entries, "
            + report.checkpoints()
            + " signed checkpoints matched");
    System.exit(report.valid() ? 0 : 1);
  }

  private static void usage() {
    System.err.println(
        "usage: eclips-audit verify EXPORT.jsonl [--public-key FILE|BASE64]..."
            + " [--checkpoints FILE]...");
    System.exit(2);
  }

  private static String keyText(String fileOrBase64) throws IOException {
    Path path = Path.of(fileOrBase64);
    return Files.isRegularFile(path) ? Files.readString(path) : fileOrBase64;
  }

  /**
   * Verifies an export's lines against its own checkpoints and {@code kept} ones, under the pinned
   * public keys (base64 X.509 or PEM); with none pinned, the export's own key is used and a note
   * says so.
   */
  public static Report verify(List<String> export, List<String> kept, List<String> pinnedKeys) {
    List<String> failures = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<Map<String, Object>> entries = new ArrayList<>();
    List<Map<String, Object>> checkpoints = new ArrayList<>();
    Map<String, Object> trailer = null;
    for (String line : export) {
      if (line.isBlank()) {
        continue;
      }
      Map<String, Object> json = Json.parse(line);
      switch (String.valueOf(json.get("object"))) {
        case "audit_entry" -> entries.add(json);
        case "audit_checkpoint" -> checkpoints.add(json);
        case "audit_export" -> trailer = json;
        default -> failures.add("an unknown line: " + line);
      }
    }
    if (trailer == null) {
      failures.add("not an anchored export: ask for export?checkpoints=true");
      return new Report(failures, notes, entries.size(), 0);
    }
    String org = (String) trailer.get("org_id");
    for (String line : kept) {
      if (!line.isBlank()) {
        Map<String, Object> json = Json.parse(line);
        if ("audit_checkpoint".equals(json.get("object")) && org.equals(json.get("org_id"))) {
          checkpoints.add(json);
        }
      }
    }
    Map<Long, byte[]> hashes = checkChain(entries, failures, notes);
    Map<String, PublicKey> keys = keys(pinnedKeys, trailer, failures, notes);
    int matched = checkCheckpoints(org, checkpoints, hashes, keys, failures, notes);
    if (matched == 0 && failures.isEmpty()) {
      failures.add("no signed checkpoint covers this export: nothing anchors it");
    }
    return new Report(failures, notes, entries.size(), matched);
  }

  /** Each entry's recomputed link; returns the hashes by seq. */
  private static Map<Long, byte[]> checkChain(
      List<Map<String, Object>> entries, List<String> failures, List<String> notes) {
    Map<Long, byte[]> hashes = new HashMap<>();
    byte[] previous = null;
    Long expected = null;
    for (Map<String, Object> entry : entries) {
      long seq = ((Number) entry.get("seq")).longValue();
      byte[] prev = hex(entry.get("prev_hash"));
      if (expected == null) {
        if (seq != 1) {
          notes.add("the export starts at seq " + seq + ": earlier entries were purged");
        } else if (prev != null) {
          failures.add("entry 1 has a prev_hash");
        }
        previous = prev;
      } else if (seq != expected) {
        failures.add("entry " + expected + " is missing (the next entry is " + seq + ")");
        return hashes;
      }
      byte[] hash = hex(entry.get("hash"));
      byte[] recomputed = link(previous, seq, entry);
      if (!Arrays.equals(prev, previous) || !Arrays.equals(hash, recomputed)) {
        failures.add("entry " + seq + " does not link: its hash is not the chain's");
        return hashes;
      }
      hashes.put(seq, hash);
      previous = hash;
      expected = seq + 1;
    }
    return hashes;
  }

  private static int checkCheckpoints(
      String org,
      List<Map<String, Object>> checkpoints,
      Map<Long, byte[]> hashes,
      Map<String, PublicKey> keys,
      List<String> failures,
      List<String> notes) {
    long first = hashes.keySet().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
    long last = hashes.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
    Set<String> seen = new LinkedHashSet<>();
    int matched = 0;
    long before = 0;
    for (Map<String, Object> checkpoint : checkpoints) {
      long seq = ((Number) checkpoint.get("seq")).longValue();
      if (!seen.add(seq + "/" + checkpoint.get("signature"))) {
        continue;
      }
      String at = (String) checkpoint.get("checkpointed_at");
      if (!signed(org, checkpoint, keys)) {
        failures.add("checkpoint at seq " + seq + " (" + at + "): not signed by a trusted key");
      } else if (seq < first) {
        before++;
      } else if (seq > last) {
        failures.add(
            "truncated: checkpoint at seq " + seq + " (" + at + ") but the log ends at " + last);
      } else if (!Arrays.equals(hashes.get(seq), hex(checkpoint.get("hash")))) {
        failures.add("rewritten: entry " + seq + " is not the one checkpointed at " + at);
      } else {
        matched++;
      }
    }
    if (before > 0) {
      notes.add(before + " checkpoints precede the export's first entry (purged by retention)");
    }
    return matched;
  }

  private static boolean signed(
      String org, Map<String, Object> checkpoint, Map<String, PublicKey> keys) {
    PublicKey key = keys.get(String.valueOf(checkpoint.get("key_id")));
    if (key == null) {
      return false;
    }
    String message =
        String.join(
            "\n",
            CHECKPOINT_VERSION,
            org,
            String.valueOf(((Number) checkpoint.get("seq")).longValue()),
            String.valueOf(checkpoint.get("hash")),
            Instant.parse((String) checkpoint.get("checkpointed_at")).toString());
    try {
      Signature ed25519 = Signature.getInstance("Ed25519");
      ed25519.initVerify(key);
      ed25519.update(message.getBytes(StandardCharsets.UTF_8));
      return ed25519.verify(Base64.getDecoder().decode((String) checkpoint.get("signature")));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /** The trusted keys by id: the pinned ones, else the export's own (with a note). */
  private static Map<String, PublicKey> keys(
      List<String> pinned, Map<String, Object> trailer, List<String> failures, List<String> notes) {
    Map<String, PublicKey> keys = new LinkedHashMap<>();
    List<String> texts = new ArrayList<>(pinned);
    if (texts.isEmpty() && trailer.get("public_key") instanceof String own) {
      notes.add("no --public-key: trusting the key the export names; pin yours");
      texts.add(own);
    }
    for (String text : texts) {
      try {
        byte[] der =
            Base64.getDecoder()
                .decode(text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
        PublicKey key =
            KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        keys.put(keyId(der), key);
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        failures.add("a public key that is not an Ed25519 key in base64 X.509");
      }
    }
    return keys;
  }

  /** The first 16 hex digits of SHA-256 over the key's X.509 encoding, as the server names it. */
  public static String keyId(byte[] x509) {
    return HexFormat.of().formatHex(sha256().digest(x509), 0, 8);
  }

  private static byte[] link(byte[] previous, long seq, Map<String, Object> entry) {
    StringBuilder text =
        new StringBuilder().append(seq).append(US).append(entry.get("occurred_at"));
    for (String field : HASHED) {
      Object value = entry.get(field);
      text.append(US).append(value == null ? "" : value);
    }
    text.append(US).append(((Number) entry.get("occurrences")).intValue());
    MessageDigest sha256 = sha256();
    if (previous != null) {
      sha256.update(previous);
    }
    return sha256.digest(text.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hex(Object value) {
    return value == null ? null : HexFormat.of().parseHex((String) value);
  }

  /** Just enough JSON for the export's flat lines: strings, numbers, true, false, null. */
  static final class Json {
    private final String text;
    private int at;

    private Json(String text) {
      this.text = text;
    }

    static Map<String, Object> parse(String line) {
      Json json = new Json(line.strip());
      Map<String, Object> object = new HashMap<>();
      json.expect('{');
      if (json.peek() != '}') {
        do {
          String name = json.string();
          json.expect(':');
          object.put(name, json.value());
        } while (json.comma());
      }
      json.expect('}');
      return object;
    }

    private Object value() {
      char c = peek();
      if (c == '"') {
        return string();
      }
      int start = at;
      while (at < text.length() && ",}".indexOf(text.charAt(at)) < 0) {
        at++;
      }
      String word = text.substring(start, at).strip();
      return switch (word) {
        case "null" -> null;
        case "true" -> Boolean.TRUE;
        case "false" -> Boolean.FALSE;
        default -> word.matches("-?\\d+") ? (Object) Long.valueOf(word) : Double.valueOf(word);
      };
    }

    private String string() {
      expect('"');
      StringBuilder out = new StringBuilder();
      while (text.charAt(at) != '"') {
        char c = text.charAt(at++);
        if (c != '\\') {
          out.append(c);
          continue;
        }
        char e = text.charAt(at++);
        switch (e) {
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'u' -> {
            out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
            at += 4;
          }
          default -> out.append(e);
        }
      }
      at++;
      return out.toString();
    }

    private boolean comma() {
      if (peek() == ',') {
        at++;
        return true;
      }
      return false;
    }

    private char peek() {
      while (Character.isWhitespace(text.charAt(at))) {
        at++;
      }
      return text.charAt(at);
    }

    private void expect(char c) {
      if (peek() != c) {
        throw new IllegalArgumentException("not a JSON object line at " + at + ": " + text);
      }
      at++;
    }
  }
}
