package dev.mero4j.server.internal.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.util.Map;
import java.util.Optional;

/**
 * One mapped error: its kind, a message safe to show, extra {@code data} fields and, for app
 * errors, the application's own error value as raw JSON.
 */
public record ApiError(ErrorKind kind, String message, Map<String, Object> details, Optional<String> rawValueJson) {
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
    rawValueJson.ifPresent(raw -> data.putRawValue("value", new RawValue(raw)));
    return error;
  }
}
