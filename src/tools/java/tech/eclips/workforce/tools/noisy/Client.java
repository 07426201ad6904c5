package tech.eclips.workforce.tools.noisy;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One party's HTTP client (its own connection pool) that never throws: every request ends as an
 * {@link Answer}. Each party sends its own {@code X-Forwarded-For}, so the server sees the attacker
 * and its victims as different clients, as they would be in production (the test server trusts
 * loopback as its proxy); per-address limits on failed authentication are not what this experiment
 * is about.
 */
final class Client {

  /**
   * Long enough that a slow answer is measured as slow rather than lost, short enough that a
   * starved request cannot stretch a phase by more than this.
   */
  static final Duration TIMEOUT = Duration.ofSeconds(15);

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final Target target;
  private final String address;

  Client(Target target, String address) {
    this.target = target;
    this.address = address;
  }

  String address() {
    return address;
  }

  Answer get(String path, String... headers) {
    return send("GET", path, null, null, true, headers);
  }

  /** A GET whose body is read to the end and dropped (exports, downloads). */
  Answer drain(String path, String... headers) {
    return send("GET", path, null, null, false, headers);
  }

  Answer postJson(String path, String json, String... headers) {
    return send(
        "POST",
        path,
        json.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        "application/json",
        true,
        headers);
  }

  Answer post(String path, byte[] body, String contentType, String... headers) {
    return send("POST", path, body, contentType, true, headers);
  }

  static String[] bearer(String token) {
    return new String[] {"Authorization", "Bearer " + token};
  }

  private Answer send(
      String method,
      String path,
      byte[] body,
      String contentType,
      boolean keepBody,
      String... headers) {
    List<String> all = new ArrayList<>(List.of(headers));
    all.addAll(List.of("X-Forwarded-For", address));
    if (contentType != null) {
      all.addAll(List.of("Content-Type", contentType));
    }
    HttpRequest request =
        HttpRequest.newBuilder(target.base().resolve(path))
            .timeout(TIMEOUT)
            .headers(all.toArray(String[]::new))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    long start = System.nanoTime();
    try {
      if (keepBody) {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(
            response.statusCode(), response.body(), retryAfter(response), since(start), null);
      }
      HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
      return new Answer(response.statusCode(), null, retryAfter(response), since(start), null);
    } catch (IOException e) {
      return new Answer(Answer.NO_ANSWER, null, null, since(start), e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(Answer.NO_ANSWER, null, null, since(start), "interrupted");
    }
  }

  private static String retryAfter(HttpResponse<?> response) {
    return response.headers().firstValue("Retry-After").orElse(null);
  }

  static double since(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e6;
  }
}
