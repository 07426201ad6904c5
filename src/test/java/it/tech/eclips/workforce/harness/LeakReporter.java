package it.tech.eclips.workforce.harness;

import it.tech.eclips.workforce.harness.Api.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * A secret-scanning partner made in the test: a P-256 key pair whose public key is published where
 * the test server reads the reporters' keys (GitHub's key-list format), and reports signed with it
 * as GitHub signs them.
 *
 * @param pair the reporter's key pair
 * @param keyId its key identifier (the SHA-256 of the public key, hex)
 */
public record LeakReporter(KeyPair pair, String keyId) {

  public static final String PATH = "/secret-scanning/v1/reports";

  /** A new reporter, published as the one current key: the server reads the file per report. */
  public static LeakReporter publish() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = generator.generateKeyPair();
    String keyId =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(pair.getPublic().getEncoded()));
    String pem =
        "-----BEGIN PUBLIC KEY-----\\n"
            + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded())
            + "\\n-----END PUBLIC KEY-----";
    Files.writeString(
        TestDatabaseSession.LEAK_REPORTER_KEYS,
        "{\"public_keys\":[{\"key_identifier\":\""
            + keyId
            + "\",\"key\":\""
            + pem
            + "\",\"is_current\":true}]}");
    return new LeakReporter(pair, keyId);
  }

  /** A report of these tokens, signed by this reporter, from the client address. */
  public Reply report(String body, String client) throws GeneralSecurityException {
    return send(body, keyId, sign(pair, body), client);
  }

  /** A report with the headers as given ({@code null}: left out), from the client address. */
  public static Reply send(String body, String kid, String signature, String client) {
    List<String> headers = new ArrayList<>(List.of("X-Forwarded-For", client));
    if (kid != null) {
      headers.addAll(List.of("Github-Public-Key-Identifier", kid));
    }
    if (signature != null) {
      headers.addAll(List.of("Github-Public-Key-Signature", signature));
    }
    return Api.post(PATH, body, headers.toArray(String[]::new));
  }

  /** ECDSA P-256 with SHA-256 over the body, base64 (DER), as GitHub signs. */
  public static String sign(KeyPair pair, String body) throws GeneralSecurityException {
    Signature ecdsa = Signature.getInstance("SHA256withECDSA");
    ecdsa.initSign(pair.getPrivate());
    ecdsa.update(body.getBytes(StandardCharsets.UTF_8));
    return Base64.getEncoder().encodeToString(ecdsa.sign());
  }

  /** One token of a report body: {@code {token, type, url, source}}. */
  public static String token(String token, String type, String url) {
    return "{\"token\":\""
        + token
        + "\",\"type\":\""
        + type
        + "\",\"url\":\""
        + url
        + "\",\"source\":\"content\"}";
  }
}
