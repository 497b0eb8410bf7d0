package dev.mero4j.server.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;

/**
 * One mapped error: its kind, a message safe to show, extra {@code data} fields and, for app
 * errors, the application's own error value.
 */
public record ApiError(
    ErrorKind kind, String message, Map<String, Object> details, Optional<JsonNode> value) {
  public ApiError {
    details = Map.copyOf(details);
  }

  /** The error object: {@code {"code","message","type","data":{"type",…}}}. */
  public ObjectNode toJson(ObjectMapper json) {
    ObjectNode error = json.createObjectNode();
    error.put("code", kind.code());
    error.put("message", message);
    error.put("type", kind.type());
    ObjectNode data = error.putObject("data");
    data.put("type", kind.detail());
    details.forEach((k, v) -> data.set(k, json.valueToTree(v)));
    value.ifPresent(v -> data.set("value", v));
    return error;
  }
}
