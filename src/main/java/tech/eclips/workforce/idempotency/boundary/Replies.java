package tech.eclips.workforce.idempotency.boundary;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import java.net.URI;
import java.util.List;
import java.util.Map;
import tech.eclips.workforce.idempotency.control.StoredReply;
import tech.eclips.workforce.problems.control.ApiProblem;
import tech.eclips.workforce.problems.control.ProblemType;

/** A resource method's reply as it is stored, and a stored reply as the method would return it. */
final class Replies {

  private Replies() {}

  static StoredReply toStore(Object result, boolean revealsSecret) {
    if (result instanceof Response response) {
      Object entity = response.getEntity();
      String location = response.getLocation() == null ? null : response.getLocation().toString();
      if (entity != null && !(entity instanceof JsonStructure) && !(entity instanceof String)) {
        // a stream has no text to keep: its replay names the resource only
        return new StoredReply(response.getStatus(), null, location, true);
      }
      return StoredReply.of(
          response.getStatus(), entity == null ? null : entity.toString(), location, revealsSecret);
    }
    return StoredReply.of(200, result == null ? null : result.toString(), null, revealsSecret);
  }

  /** The stored reply in the method's return type, or the problem saying why it cannot be. */
  static Object replay(Class<?> returnType, StoredReply stored, boolean revealsSecret) {
    if (stored.withheld()) {
      throw unavailable(stored, revealsSecret);
    }
    if (returnType == Response.class) {
      Response.ResponseBuilder response = Response.status(stored.status());
      if (stored.body() != null) {
        response.entity(stored.body()).type(MediaType.APPLICATION_JSON);
      }
      if (stored.location() != null) {
        response.location(URI.create(stored.location()));
      }
      return response.build();
    }
    if (JsonObject.class.isAssignableFrom(returnType)) {
      try (JsonReader reader = Json.createReader(new StringReader(stored.body()))) {
        return reader.readObject();
      }
    }
    return stored.body();
  }

  private static ApiProblem unavailable(StoredReply stored, boolean revealsSecret) {
    String detail =
        revealsSecret
            ? "The first request with this Idempotency-Key succeeded (HTTP "
                + stored.status()
                + ") and showed a secret (an API key or a webhook signing secret), which is never"
                + " stored and so cannot be shown again. If it was lost, revoke or rotate what"
                + " holds it (at Location, for a new one) with a new Idempotency-Key."
            : "The first request with this Idempotency-Key succeeded (HTTP "
                + stored.status()
                + "); its response was too large to keep. What it made is at Location, if anything.";
    return new ApiProblem(
        ProblemType.IDEMPOTENT_REPLAY_UNAVAILABLE,
        detail,
        List.of(),
        stored.location() == null ? Map.of() : Map.of("Location", stored.location()));
  }
}
