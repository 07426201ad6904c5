package tech.eclips.workforce.idempotency.boundary;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import tech.eclips.workforce.idempotency.control.RequestDigest;
import tech.eclips.workforce.json.JsonBody;

/**
 * What a stored reply is matched on: the method, the path with its query, who asks (on the console
 * and platform APIs), and the body: a JSON body's exact text, or the digest an upload took while it
 * streamed ({@link RequestDigest}), never the upload itself.
 */
final class RequestFingerprint {

  private RequestFingerprint() {}

  static byte[] of(HttpServletRequest http, String actor, Object[] arguments) {
    MessageDigest sha256 = sha256();
    String query = http.getQueryString();
    update(sha256, http.getMethod() + " " + http.getRequestURI());
    update(sha256, query == null ? "" : "?" + query);
    update(sha256, "\n" + actor + "\n");
    for (Object argument : arguments) {
      if (argument instanceof JsonBody body) {
        update(sha256, "json\n" + JsonBody.textOf(body));
      } else if (argument instanceof RequestDigest digest) {
        update(sha256, "digest\n");
        sha256.update(digest.requestDigest());
      }
    }
    return sha256.digest();
  }

  private static void update(MessageDigest sha256, String text) {
    sha256.update(text.getBytes(StandardCharsets.UTF_8));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
