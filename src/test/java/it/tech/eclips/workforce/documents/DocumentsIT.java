package it.tech.eclips.workforce.documents;

import static it.tech.eclips.workforce.harness.Api.awaitRun;
import static it.tech.eclips.workforce.harness.Api.bearer;
import static it.tech.eclips.workforce.harness.Api.get;
import static it.tech.eclips.workforce.harness.Api.orgToken;
import static it.tech.eclips.workforce.harness.Api.post;
import static it.tech.eclips.workforce.harness.Api.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.tech.eclips.workforce.Deployments;
import it.tech.eclips.workforce.harness.Api;
import it.tech.eclips.workforce.harness.Api.Reply;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Uploading, reading, downloading and deleting documents, and runs that read them. */
@ExtendWith(Deployments.class)
class DocumentsIT {

  static final String DOCS = "/v1/documents";
  static final int MIB = 1024 * 1024;
  static final int LIMIT = 10 * MIB;
  static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  static final byte[] PDF = "%PDF-1.7\n1 0 obj\n<<>>\nendobj\n".getBytes(StandardCharsets.US_ASCII);
  static final String CONTRACT_TEXT =
      "This Agreement is made between the parties hereby agreeing to the terms and conditions;"
          + " governing law: Ireland.";

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static String org;
  private static String test;
  private static String live;
  private static String readOnly;

  @BeforeAll
  static void keys() {
    org = Api.newOrg("enterprise");
    String[] scopes = {
      "documents:read", "documents:write", "runs:read", "runs:write", "credits:read"
    };
    test = Api.newKey(org, "test", scopes);
    live = Api.newKey(org, "live", scopes);
    readOnly = Api.newKey(org, "test", "documents:read");
    // a new org reviews every result first (CONTRACT §8): these tests are about the agents
    Api.trustFully(org);
  }

  @Test
  void tenMebibytesOfBinaryComeBackByteForByte() throws Exception {
    byte[] file = new byte[LIMIT];
    new Random(42).nextBytes(file);
    System.arraycopy(PNG, 0, file, 0, PNG.length);
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file));
    Reply created = upload(test, "scan.png", "image/png", BodyPublishers.ofByteArray(file));
    created.expect(201);
    JsonObject document = created.json();
    assertEquals("document", document.getString("object"));
    assertEquals(LIMIT, document.getJsonNumber("size").longValue());
    assertEquals(sha256, document.getString("sha256"));
    assertEquals("image/png", document.getString("content_type"));
    assertFalse(document.getBoolean("livemode"));
    assertTrue(created.header("Location").endsWith(DOCS + "/" + document.getString("id")));

    HttpResponse<InputStream> download = download(test, document.getString("id"));
    assertEquals(200, download.statusCode());
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    long size = 0;
    try (InputStream in = download.body()) {
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) > 0; size += n) {
        digest.update(buffer, 0, n);
      }
    }
    assertEquals(LIMIT, size);
    assertEquals(sha256, HexFormat.of().formatHex(digest.digest()));
    assertEquals("image/png", download.headers().firstValue("Content-Type").orElseThrow());
    assertEquals("\"" + sha256 + "\"", download.headers().firstValue("ETag").orElseThrow());
    assertEquals("nosniff", download.headers().firstValue("X-Content-Type-Options").orElseThrow());
    assertEquals("private, no-store", download.headers().firstValue("Cache-Control").orElseThrow());
    assertEquals(
        "attachment; filename=\"scan.png\"",
        download.headers().firstValue("Content-Disposition").orElseThrow());
  }

  @Test
  void aDeclaredLengthOverTheLimitIsRefusedBeforeAnyByteIsSent() throws IOException {
    RawUpload.Outcome outcome = RawUpload.declaringLength(test, LIMIT + 1, 0, false);
    assertEquals(413, outcome.status(), outcome::toString);
    assertTrue(outcome.head().contains("application/problem+json"), outcome::toString);
    assertTrue(outcome.head().toLowerCase().contains("connection: close"), outcome::toString);
  }

  @Test
  void aDeclaredLengthFarOverTheLimitIsRefusedAndTheConnectionClosedAtOnce() throws IOException {
    RawUpload.Outcome outcome = RawUpload.declaringLength(test, 200L * MIB, 0, true);
    assertEquals(413, outcome.status(), outcome::toString);
    assertTrue(outcome.closedByServer(), outcome::toString);
  }

  @Test
  void aDeclaredLengthOverTheLimitIsRefusedEvenWhileTheClientSends() throws IOException {
    RawUpload.Outcome outcome = RawUpload.declaringLength(test, LIMIT + 1, LIMIT + 1, true);
    assertEquals(413, outcome.status(), outcome::toString);
  }

  @Test
  void aChunkedBodyOneBytePastTheLimitIs413() {
    Reply refused =
        upload(test, "big.png", "image/png", unknownLength(() -> new PngStream(LIMIT + 1)));
    assertEquals(413, refused.status(), refused::toString);
    assertEquals("payload_too_large", refused.code());
  }

  @Test
  void aChunkedBodyOfTwoHundredMebibytesIsCutOffQuicklyAndTheServerStaysHealthy() throws Exception {
    long started = System.nanoTime();
    RawUpload.Outcome outcome = RawUpload.chunked(test, 200L * MIB);
    long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
    assertEquals(413, outcome.status(), outcome::toString);
    assertTrue(outcome.head().contains("application/problem+json"), outcome::toString);
    // The limit, the HTTP channel's margin (1 MiB) and what the sockets' buffers absorbed.
    assertTrue(
        outcome.written() < 40L * MIB,
        () -> "the server read on after refusing: " + outcome.written() + " bytes were taken");
    assertTrue(outcome.closedByServer(), outcome::toString);
    assertTrue(seconds < 20, () -> "took " + seconds + " s");
    get(DOCS, bearer(test)).expect(200);
    assertEquals(
        201,
        upload(test, "after.txt", "text/plain", BodyPublishers.ofString("still here")).status());
  }

  @Test
  void typesOutsideTheListAndBytesThatDoNotFitTheirTypeAre415() {
    String own = Api.newKey(Api.newOrg("enterprise"), "test", "documents:read", "documents:write");
    byte[] zip = {'P', 'K', 3, 4, 0, 0};
    assertEquals("unsupported_media_type", upload(own, "a.zip", "application/zip", zip).code());
    assertEquals(415, upload(own, "a.bin", null, zip).status());
    Reply pdfAsPng = upload(own, "fake.png", "image/png", PDF);
    assertEquals(415, pdfAsPng.status(), pdfAsPng::toString);
    assertEquals("unsupported_media_type", pdfAsPng.code());
    assertEquals(415, upload(own, "fake.jpg", "image/jpeg", PNG).status());
    assertEquals(415, upload(own, "nul.txt", "text/plain", new byte[] {'a', 0, 'b'}).status());
    byte[] latin1 = {'c', 'a', 'f', (byte) 0xe9};
    assertEquals(415, upload(own, "latin1.txt", "text/plain", latin1).status());
    assertEquals(
        415, upload(own, "latin1.txt", "text/plain; charset=iso-8859-1", "x".getBytes()).status());
    String pdf = upload(own, "real.pdf", "application/pdf", PDF).expect(201).json().getString("id");
    JsonObject json =
        upload(own, "a.json", "application/json; charset=UTF-8", "{\"a\":1}".getBytes())
            .expect(201)
            .json();
    assertEquals("application/json", json.getString("content_type"));
    assertEquals(List.of(json.getString("id"), pdf), listIds(own, ""), "nothing refused was kept");
  }

  @Test
  void namesAreSanitised() {
    assertEquals(
        "passwd.txt",
        nameOf(upload(test, "../../etc/pass\u0007wd.txt", "text/plain", "x".getBytes())));
    assertEquals(
        "report.txt",
        nameOf(upload(test, "C:\\temp\\ report.txt \r\n", "text/plain", "x".getBytes())));
    Reply umlaut = upload(test, "Überweisung.txt", "text/plain", "x".getBytes()).expect(201);
    assertEquals(
        "attachment; filename=\"_berweisung.txt\"; filename*=UTF-8''%C3%9Cberweisung.txt",
        download(test, umlaut.json().getString("id"))
            .headers()
            .firstValue("Content-Disposition")
            .orElseThrow());
    for (String bad : new String[] {"dir/", "\u0001\u0002", " "}) {
      Reply refused = upload(test, bad, "text/plain", "x".getBytes());
      assertEquals(400, refused.status(), bad);
      assertEquals(
          "name", refused.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    }
    Reply unnamed =
        send("POST", DOCS, "x", "Content-Type", "text/plain", "Authorization", "Bearer " + test);
    assertEquals(
        "name",
        unnamed.expect(400).json().getJsonArray("errors").getJsonObject(0).getString("field"));
  }

  @Test
  void listsArePagedNewestFirst() {
    String own = Api.newKey(Api.newOrg("enterprise"), "live", "documents:read", "documents:write");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(
          0,
          upload(own, "n" + i + ".txt", "text/plain", ("note " + i).getBytes())
              .expect(201)
              .json()
              .getString("id"));
    }
    JsonObject first = get(DOCS + "?limit=2", bearer(own)).expect(200).json();
    assertEquals("list", first.getString("object"));
    assertTrue(first.getBoolean("has_more"));
    assertEquals(ids.subList(0, 2), ids(first));
    JsonObject second =
        get(DOCS + "?limit=2&starting_after=" + ids.get(1), bearer(own)).expect(200).json();
    assertFalse(second.getBoolean("has_more"));
    assertEquals(List.of(ids.get(2)), ids(second));
    assertTrue(first.getJsonArray("data").getJsonObject(0).getBoolean("livemode"));
    assertEquals(400, get(DOCS + "?limit=0", bearer(own)).status());
    assertEquals(400, get(DOCS + "?limit=101", bearer(own)).status());
    assertEquals(400, get(DOCS + "?starting_after=" + UUID.randomUUID(), bearer(own)).status());
  }

  @Test
  void aDeletedDocumentIsGoneEverywhere() {
    String id =
        upload(test, "gone.txt", "text/plain", "bye".getBytes()).expect(201).json().getString("id");
    get(DOCS + "/" + id, bearer(test)).expect(200);
    send("DELETE", DOCS + "/" + id, null, bearer(test)).expect(204);
    assertEquals("not_found", get(DOCS + "/" + id, bearer(test)).expect(404).code());
    assertEquals(404, download(test, id).statusCode());
    send("DELETE", DOCS + "/" + id, null, bearer(test)).expect(404);
    assertFalse(listIds(test, "?limit=100").contains(id));
  }

  @Test
  void anotherOrgsDocumentIsNotFoundOnEveryEndpoint() {
    String id =
        upload(test, "mine.txt", "text/plain", "secret".getBytes())
            .expect(201)
            .json()
            .getString("id");
    String other = Api.newOrg("enterprise");
    String stranger = Api.newKey(other, "test", "documents:read", "documents:write", "runs:write");
    assertEquals("not_found", get(DOCS + "/" + id, bearer(stranger)).expect(404).code());
    assertEquals(404, download(stranger, id).statusCode());
    assertEquals(404, send("DELETE", DOCS + "/" + id, null, bearer(stranger)).status());
    assertFalse(listIds(stranger, "?limit=100").contains(id));
    assertEquals(404, post("/v1/agents/runs", classify(id), bearer(stranger)).status());
    assertEquals(
        404,
        send("DELETE", "/console/v1/documents/" + id, null, bearer(orgToken(other, "org_admin")))
            .status());
    get(DOCS + "/" + id, bearer(test)).expect(200);
  }

  @Test
  void theOtherModesDocumentIsNotFound() {
    String testDoc =
        upload(test, "t.txt", "text/plain", "t".getBytes()).expect(201).json().getString("id");
    JsonObject liveDoc = upload(live, "l.txt", "text/plain", "l".getBytes()).expect(201).json();
    assertTrue(liveDoc.getBoolean("livemode"));
    String liveId = liveDoc.getString("id");
    assertEquals(404, get(DOCS + "/" + testDoc, bearer(live)).status());
    assertEquals(404, download(live, testDoc).statusCode());
    assertEquals(404, send("DELETE", DOCS + "/" + testDoc, null, bearer(live)).status());
    assertEquals(404, get(DOCS + "/" + liveId, bearer(test)).status());
    assertFalse(listIds(live, "?limit=100").contains(testDoc));
    assertFalse(listIds(test, "?limit=100").contains(liveId));
    get(DOCS + "/" + testDoc, bearer(test)).expect(200);
  }

  @Test
  void readingKeysCannotUploadOrDelete() {
    String id =
        upload(test, "r.txt", "text/plain", "r".getBytes()).expect(201).json().getString("id");
    Reply refused = upload(readOnly, "x.txt", "text/plain", "x".getBytes());
    assertEquals(403, refused.status());
    assertEquals("insufficient_scope", refused.code());
    assertTrue(refused.header("WWW-Authenticate").contains("scope=\"documents:write\""));
    assertEquals(403, send("DELETE", DOCS + "/" + id, null, bearer(readOnly)).status());
    get(DOCS + "/" + id, bearer(readOnly)).expect(200);
    assertEquals(200, download(readOnly, id).statusCode());
    String writeOnly = Api.newKey(org, "test", "documents:write");
    assertEquals(403, get(DOCS, bearer(writeOnly)).status());
    assertEquals(401, get(DOCS).status());
  }

  @Test
  void aRunClassifiesATextDocument() {
    String id =
        upload(
                test,
                "contract.txt",
                "text/plain; charset=utf-8",
                CONTRACT_TEXT.getBytes(StandardCharsets.UTF_8))
            .expect(201)
            .json()
            .getString("id");
    JsonObject accepted = post("/v1/agents/runs", classify(id), bearer(test)).expect(202).json();
    JsonObject done = awaitRun(test, accepted.getString("id"));
    assertEquals("succeeded", done.getString("status"));
    assertEquals("contract", done.getJsonObject("output").getString("label"));
    assertEquals(CONTRACT_TEXT, done.getJsonObject("input").getString("text"));
  }

  @Test
  void anInvoiceRunReadsAJsonDocument() {
    String invoice = Api.invoice("DOC-" + UUID.randomUUID());
    String input;
    try (var reader = jakarta.json.Json.createReader(new java.io.StringReader(invoice))) {
      input = reader.readObject().getJsonObject("input").toString();
    }
    String id =
        upload(test, "invoice.json", "application/json", input.getBytes(StandardCharsets.UTF_8))
            .expect(201)
            .json()
            .getString("id");
    String body = "{\"agent_type\":\"invoice_processor\",\"document_id\":\"" + id + "\"}";
    JsonObject done =
        awaitRun(
            test, post("/v1/agents/runs", body, bearer(test)).expect(202).json().getString("id"));
    assertEquals("71.96", done.getJsonObject("output").getJsonNumber("total").toString());
    String png = upload(test, "p.png", "image/png", PNG).expect(201).json().getString("id");
    Reply refused = post("/v1/agents/runs", classify(png), bearer(test));
    assertEquals(
        "document_id",
        refused.expect(400).json().getJsonArray("errors").getJsonObject(0).getString("field"));
  }

  @Test
  void aRunOnAMissingDeletedOrOtherModeDocumentIs404AndChargesNothing() {
    String deleted =
        upload(test, "d.txt", "text/plain", "invoice".getBytes())
            .expect(201)
            .json()
            .getString("id");
    send("DELETE", DOCS + "/" + deleted, null, bearer(test)).expect(204);
    String liveDoc =
        upload(live, "l.txt", "text/plain", "invoice".getBytes())
            .expect(201)
            .json()
            .getString("id");
    long before = balance();
    for (String id : List.of(UUID.randomUUID().toString(), deleted, liveDoc)) {
      Reply refused = post("/v1/agents/runs", classify(id), bearer(test));
      assertEquals(404, refused.status(), refused::toString);
      assertEquals("not_found", refused.code());
    }
    assertEquals(before, balance());
  }

  @Test
  void theConsoleListsBothModesAndOnlyAdminsDelete() {
    String own = Api.newOrg("enterprise");
    String testKey = Api.newKey(own, "test", "documents:read", "documents:write");
    String liveKey = Api.newKey(own, "live", "documents:read", "documents:write");
    String testDoc =
        upload(testKey, "t.txt", "text/plain", "t".getBytes()).expect(201).json().getString("id");
    String liveDoc =
        upload(liveKey, "l.txt", "text/plain", "l".getBytes()).expect(201).json().getString("id");
    String member = orgToken(own, "org_member");
    JsonObject list = get("/console/v1/documents", bearer(member)).expect(200).json();
    assertEquals(List.of(liveDoc, testDoc), ids(list));
    assertEquals(
        List.of(true, false),
        list.getJsonArray("data").stream()
            .map(d -> d.asJsonObject().getBoolean("livemode"))
            .toList());
    assertEquals(
        403, send("DELETE", "/console/v1/documents/" + liveDoc, null, bearer(member)).status());
    send("DELETE", "/console/v1/documents/" + liveDoc, null, bearer(orgToken(own, "org_admin")))
        .expect(204);
    assertEquals(404, get(DOCS + "/" + liveDoc, bearer(liveKey)).status());
    assertEquals(
        List.of(testDoc), ids(get("/console/v1/documents", bearer(member)).expect(200).json()));
    assertEquals(401, get("/console/v1/documents").status());
  }

  @Test
  void uploadsDownloadsAndDeletionsAreAuditedWithoutTheirContent() {
    String own = Api.newOrg("enterprise");
    String key = Api.newKey(own, "test", "documents:read", "documents:write");
    String secret = "confidential-" + UUID.randomUUID();
    String id =
        upload(key, "a.txt", "text/plain", secret.getBytes()).expect(201).json().getString("id");
    download(key, id);
    send("DELETE", DOCS + "/" + id, null, bearer(key)).expect(204);
    Api.verifyAudit(own);
    String admin = orgToken(own, "org_admin");
    for (String action : List.of("document.uploaded", "document.downloaded", "document.deleted")) {
      JsonObject page =
          get("/console/v1/audit-log?action=" + action, bearer(admin)).expect(200).json();
      assertEquals(1, page.getJsonArray("data").size(), action);
      JsonObject entry = page.getJsonArray("data").getJsonObject(0);
      assertEquals(id, entry.getString("resource_id"), action);
      assertEquals("allowed", entry.getString("outcome"), action);
      assertFalse(page.toString().contains(secret), action);
    }
  }

  static String classify(String documentId) {
    return "{\"agent_type\":\"document_classifier\",\"document_id\":\"" + documentId + "\"}";
  }

  private static long balance() {
    return get("/v1/credits", bearer(test)).expect(200).json().getJsonNumber("balance").longValue();
  }

  private static String nameOf(Reply reply) {
    return reply.expect(201).json().getString("name");
  }

  private static List<String> ids(JsonObject page) {
    return page.getJsonArray("data").stream().map(d -> d.asJsonObject().getString("id")).toList();
  }

  private static List<String> listIds(String key, String query) {
    return ids(get(DOCS + query, bearer(key)).expect(200).json());
  }

  static Reply upload(String key, String name, String type, byte[] bytes) {
    return upload(key, name, type, BodyPublishers.ofByteArray(bytes));
  }

  static Reply upload(String key, String name, String type, BodyPublisher body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(Api.uri(DOCS + "?name=" + encoded(name)))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + key)
            .POST(body);
    if (type != null) {
      request.header("Content-Type", type);
    }
    return Api.send(request);
  }

  static HttpResponse<InputStream> download(String key, String id) {
    HttpRequest request =
        HttpRequest.newBuilder(Api.uri(DOCS + "/" + id + "/content"))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + key)
            .build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A body of unknown length: the client sends it chunked. */
  static BodyPublisher unknownLength(java.util.function.Supplier<InputStream> stream) {
    return BodyPublishers.ofInputStream(stream);
  }

  static String encoded(String name) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A PNG signature followed by zeros, {@code length} bytes in all, made as it is read. */
  static final class PngStream extends InputStream {
    private final long length;
    private long position;

    PngStream(long length) {
      this.length = length;
    }

    @Override
    public int read() {
      if (position == length) {
        return -1;
      }
      int b = position < PNG.length ? PNG[(int) position] & 0xff : 0;
      position++;
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) {
      if (position == length) {
        return -1;
      }
      int n = (int) Math.min(count, length - position);
      for (int i = 0; i < n; i++) {
        buffer[offset + i] = position + i < PNG.length ? PNG[(int) (position + i)] : 0;
      }
      position += n;
      return n;
    }
  }
}
