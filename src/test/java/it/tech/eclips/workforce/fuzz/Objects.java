package it.tech.eclips.workforce.fuzz;

import it.tech.eclips.workforce.harness.Api;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** The fuzzed org's real objects, so operations on {id} reach past the lookup. */
final class Objects {

  private Objects() {}

  static String document(String key) {
    try {
      HttpResponse<String> reply =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(Api.uri("/v1/documents") + "?name=fuzz.txt"))
                      .header("Authorization", "Bearer " + key)
                      .header("Content-Type", "text/plain")
                      .POST(HttpRequest.BodyPublishers.ofString("fuzz"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return new Api.Reply(reply.statusCode(), reply.headers(), reply.body())
          .expect(201)
          .json()
          .getString("id");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A run that waits for review (a new org supervises every agent), and its triage item. */
  static Map<String, String> runAndTriageItem(String org, String key) {
    String run =
        Api.post("/v1/agents/runs", Api.invoice("FUZZ-1"), Api.bearer(key))
            .expect(202)
            .json()
            .getString("id");
    String item = Api.awaitRun(key, run).getString("triage_item_id");
    return Map.of("runs", run, "triage-items", item);
  }
}
