package tech.eclips.workforce.keys.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import tech.eclips.workforce.problems.control.ApiProblem;

class LeakReportTest {

  @Test
  void githubsFormatIsReadAndBounded() {
    LeakReport report =
        LeakReport.parse(
            bytes(
                "[{\"token\":\"eck_live_x\",\"type\":\"t\",\"url\":\"u\",\"source\":\"content\"}]"));
    assertEquals(new LeakReport.Leak("eck_live_x", "t", "u", "content"), report.leaks().get(0));
    for (String bad :
        new String[] {"{}", "[]", "not json", "[{\"type\":\"t\"}]", "[1]", "[{\"token\":7}]"}) {
      assertThrows(ApiProblem.class, () -> LeakReport.parse(bytes(bad)), bad);
    }
    String many = "[" + "{\"token\":\"a\"},".repeat(LeakReport.MAX_TOKENS) + "{\"token\":\"a\"}]";
    assertThrows(ApiProblem.class, () -> LeakReport.parse(bytes(many)));
  }

  @Test
  void onlyTheReportersSignatureOfTheExactBodyVerifies() throws Exception {
    KeyPair reporter = pair();
    byte[] body = bytes("[{\"token\":\"eck_live_x\"}]");
    String pem =
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(reporter.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
    var key = ReporterKeys.publicKey(pem).orElseThrow();
    assertTrue(ReporterKeys.verifies(key, body, sign(reporter, body)));
    assertFalse(ReporterKeys.verifies(key, bytes("[]"), sign(reporter, body)));
    assertFalse(ReporterKeys.verifies(key, body, sign(pair(), body)));
    assertFalse(ReporterKeys.verifies(key, body, "not base64!"));
    assertTrue(ReporterKeys.publicKey("-----BEGIN PUBLIC KEY-----\nAAAA\n").isEmpty());
  }

  private static KeyPair pair() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static String sign(KeyPair pair, byte[] body) throws Exception {
    Signature ecdsa = Signature.getInstance("SHA256withECDSA");
    ecdsa.initSign(pair.getPrivate());
    ecdsa.update(body);
    return Base64.getEncoder().encodeToString(ecdsa.sign());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
