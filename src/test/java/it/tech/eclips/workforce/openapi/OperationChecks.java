package it.tech.eclips.workforce.openapi;

import it.tech.eclips.workforce.matrix.ResourceModel;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the document must say about one compiled operation, from the annotations the model read: the
 * credentials and scope or roles it requires, a documented success with a schema, and the refusals
 * its guards can answer with.
 */
final class OperationChecks {

  static final Set<String> VERBS =
      Set.of("get", "put", "post", "delete", "patch", "head", "options");

  private OperationChecks() {}

  static void check(ResourceModel.Operation operation, JsonObject documented, List<String> out) {
    security(operation, documented, out);
    JsonObject responses = documented.getJsonObject("responses");
    if (responses == null) {
      out.add(operation + ": no responses");
      return;
    }
    success(operation, responses, out);
    if (operation.takesBody()) {
      requestBody(operation, documented.getJsonObject("requestBody"), out);
    }
    Set<String> required = new HashSet<>(Set.of("400", "401", "403"));
    if (operation.api() == ResourceModel.Api.V1) {
      required.add("429");
    }
    if (!operation.pathParameters().isEmpty()) {
      required.add("404");
    }
    if (operation.takesBody()) {
      required.add("413");
      required.add("415");
    }
    for (String status : required) {
      if (!responses.containsKey(status)) {
        out.add(operation + ": no " + status + " response");
      } else if (!isProblem(responses.getJsonObject(status))) {
        out.add(operation + ": " + status + " is not a problem+json component");
      }
    }
  }

  private static void security(
      ResourceModel.Operation operation, JsonObject documented, List<String> out) {
    JsonArray security = documented.getJsonArray("security");
    if (security == null || security.isEmpty()) {
      out.add(operation + ": no security requirement");
      return;
    }
    Set<String> schemes =
        security.stream()
            .flatMap(r -> r.asJsonObject().keySet().stream())
            .collect(Collectors.toSet());
    Set<String> listed =
        security.stream()
            .flatMap(r -> r.asJsonObject().values().stream())
            .flatMap(v -> v.asJsonArray().stream())
            .map(v -> ((JsonString) v).getString())
            .collect(Collectors.toSet());
    if (operation.api() == ResourceModel.Api.V1) {
      Set<String> scope = operation.scope().equals("*") ? Set.of() : Set.of(operation.scope());
      if (!schemes.equals(Set.of("ApiKeyBearer", "ApiKeyHeader")) || !listed.equals(scope)) {
        out.add(operation + ": security " + security + " is not an API key with " + scope);
      }
    } else if (!schemes.equals(Set.of("ConsoleJwt")) || !listed.equals(operation.roles())) {
      out.add(operation + ": security " + security + " is not a JWT with " + operation.roles());
    }
  }

  private static void success(
      ResourceModel.Operation operation, JsonObject responses, List<String> out) {
    List<String> successes =
        responses.keySet().stream().filter(s -> s.startsWith("2")).sorted().toList();
    if (successes.size() != 1) {
      out.add(operation + ": expected one success response, found " + successes);
      return;
    }
    String status = successes.get(0);
    JsonObject success = responses.getJsonObject(status);
    if (!success.containsKey("headers")
        || !success.getJsonObject("headers").containsKey("X-Request-Id")) {
      out.add(operation + ": " + status + " without X-Request-Id");
    }
    if (operation.api() == ResourceModel.Api.V1
        && !success.getJsonObject("headers").containsKey("RateLimit")) {
      out.add(operation + ": " + status + " without RateLimit");
    }
    if (status.equals("204")) {
      return;
    }
    JsonObject content = success.getJsonObject("content");
    if (content == null || content.isEmpty()) {
      out.add(operation + ": " + status + " without content");
      return;
    }
    content.forEach(
        (type, media) -> {
          JsonValue schema = media.asJsonObject().get("schema");
          boolean json = type.equals("application/json");
          if (schema == null || json && !schema.asJsonObject().containsKey("$ref")) {
            out.add(operation + ": " + status + " " + type + " has no component schema");
          }
        });
  }

  private static void requestBody(
      ResourceModel.Operation operation, JsonObject body, List<String> out) {
    if (body == null || !body.containsKey("content") || body.getJsonObject("content").isEmpty()) {
      out.add(operation + ": takes a body but documents none");
      return;
    }
    JsonObject json = body.getJsonObject("content").getJsonObject("application/json");
    // a document upload takes JSON as a file: its bytes, not a shape
    if (json != null
        && (!json.containsKey("schema")
            || !json.getJsonObject("schema").containsKey("$ref")
                && !"binary".equals(json.getJsonObject("schema").getString("format", "")))) {
      out.add(operation + ": its JSON body has no component schema");
    }
  }

  private static boolean isProblem(JsonObject response) {
    return response.containsKey("$ref")
        && response.getString("$ref").startsWith("#/components/responses/");
  }
}
