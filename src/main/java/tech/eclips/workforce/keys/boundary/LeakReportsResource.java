package tech.eclips.workforce.keys.boundary;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.Optional;
import tech.eclips.workforce.json.JsonSupport;
import tech.eclips.workforce.keys.control.KeyDigest;
import tech.eclips.workforce.keys.control.KeyFormat;
import tech.eclips.workforce.keys.control.LeakReport;
import tech.eclips.workforce.keys.control.LeakReport.Leak;
import tech.eclips.workforce.keys.control.ReporterKeys;
import tech.eclips.workforce.problems.control.Problems;
import tech.eclips.workforce.ratelimit.control.FailedAuthentications;
import tech.eclips.workforce.requests.control.Caller;
import tech.eclips.workforce.requests.control.RequestContext;

/**
 * Where a secret-scanning partner (GitHub's program) reports keys it found exposed: a signed JSON
 * array of {@code {token, type, url, source}}. Public (the reporter has no key of ours), so the
 * signature is the credential: {@code Github-Public-Key-Identifier} names one of the configured
 * reporter keys ({@link ReporterKeys}), {@code Github-Public-Key-Signature} is its ECDSA signature
 * of the raw body. A bad or missing signature is {@code 401 invalid_signature} and counts as a
 * failed authentication of the address. Each token is looked up by its SHA-256 digest only (a token
 * not in our format never reaches the database) and each key found is contained in its org's own
 * transaction ({@link LeakedKeys}). The answer is GitHub's: one {@code {token_hash, token_type,
 * label}} per token, {@code true_positive} for a key of ours (live or not), else {@code
 * false_positive}.
 */
@RequestScoped
@Path("secret-scanning/v1/reports")
public class LeakReportsResource {

  static final String KEY_ID_HEADER = "Github-Public-Key-Identifier";
  static final String SIGNATURE_HEADER = "Github-Public-Key-Signature";

  @Inject ReporterKeys reporters;
  @Inject KeyResolution resolution;
  @Inject LeakedKeys leaked;
  @Inject FailedAuthentications failures;
  @Inject RequestContext request;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public JsonArray report(
      @HeaderParam(KEY_ID_HEADER) String keyId,
      @HeaderParam(SIGNATURE_HEADER) String signature,
      InputStream body)
      throws IOException {
    String address = request.clientNetwork();
    long wait = failures.secondsToWait(address);
    if (wait > 0) {
      throw Problems.tooManyFailedAuthentications(wait);
    }
    byte[] bytes = body.readNBytes(LeakReport.MAX_BYTES + 1);
    if (bytes.length > LeakReport.MAX_BYTES) {
      throw Problems.payloadTooLarge(LeakReport.MAX_BYTES);
    }
    if (!reporters.verify(bytes, keyId, signature)) {
      failures.failed(address);
      throw Problems.invalidSignature();
    }
    JsonArrayBuilder outcomes = JsonSupport.array();
    for (Leak leak : LeakReport.parse(bytes).leaks()) {
      boolean ours = owner(leak.token()).map(caller -> leaked.contain(caller, leak)).isPresent();
      outcomes.add(
          JsonSupport.object()
              .add("token_hash", sha256Hex(leak.token()))
              .add("token_type", leak.type())
              .add("label", ours ? "true_positive" : "false_positive"));
    }
    return outcomes.build();
  }

  /** GitHub's {@code token_hash}: the SHA-256 of the token as reported (UTF-8), in hex. */
  static String sha256Hex(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  /** The key's record by digest, fresh from the database (never the cache); garbage never asks. */
  private Optional<Caller> owner(String token) {
    if (KeyFormat.check(token).isEmpty()) {
      return Optional.empty();
    }
    return resolution.resolve(KeyDigest.of(token));
  }
}
