package dev.mero4j.server.internal.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mero4j.server.internal.auth.Caller;
import dev.mero4j.server.internal.http.ApiError;
import dev.mero4j.server.internal.http.ApiException;
import dev.mero4j.server.internal.http.Bodies;
import dev.mero4j.server.internal.http.ErrorKind;
import dev.mero4j.server.internal.http.ErrorMapper;
import dev.mero4j.server.internal.http.Json;
import dev.mero4j.server.internal.http.Permission;
import dev.mero4j.server.internal.http.Responses;
import dev.mero4j.server.internal.http.Route;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code POST /jsonrpc}: JSON-RPC 2.0 envelope handling and dispatch to one {@link JsonRpcMethod}
 * per method. Errors stay inside the envelope; parse and envelope errors answer 400.
 */
public final class JsonRpcRoute implements Route {
  private static final Set<String> ENVELOPE = Set.of("jsonrpc", "id", "method", "params");

  private final Map<String, JsonRpcMethod> methods;
  private final int maxBodyBytes;

  public JsonRpcRoute(List<JsonRpcMethod> methods, int maxBodyBytes) {
    this.methods =
        methods.stream()
            .collect(Collectors.toUnmodifiableMap(JsonRpcMethod::name, Function.identity()));
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public HandlerType method() {
    return HandlerType.POST;
  }

  @Override
  public String path() {
    return "/jsonrpc";
  }

  @Override
  public Permission permission() {
    return Permission.CONTEXT_EXECUTE;
  }

  @Override
  public void handle(Context ctx) {
    byte[] bytes;
    try {
      bytes = Bodies.read(ctx, maxBodyBytes);
    } catch (ApiException e) {
      ApiError error = ErrorMapper.map(e);
      writeError(ctx, NullNode.getInstance(), error, error.kind().httpStatus());
      return;
    }
    JsonNode request = Json.parse(bytes);
    JsonNode id = requestId(request);
    try {
      ObjectNode params = validate(request);
      Caller caller = ctx.attribute(Caller.class.getName());
      JsonNode result = dispatch(request.get("method").textValue(), params, caller);
      ObjectNode body = envelope(id);
      body.set("result", result);
      Responses.write(ctx, 200, body);
    } catch (RuntimeException e) {
      writeError(ctx, id, ErrorMapper.map(e));
    }
  }

  @Override
  public void writeError(Context ctx, ApiError error) {
    writeError(ctx, NullNode.getInstance(), error);
  }

  private JsonNode dispatch(String name, ObjectNode params, Caller caller) {
    JsonRpcMethod method = methods.get(name);
    if (method == null) {
      throw new ApiException(
          ErrorKind.METHOD_NOT_FOUND,
          "unknown method '" + Json.truncate(name) + "'",
          Map.of("methods", methods.keySet().stream().sorted().toList()));
    }
    return method.call(params, caller);
  }

  /** The request id if it is usable (string, number or null), else null as JSON-RPC requires. */
  private static JsonNode requestId(JsonNode request) {
    JsonNode id = request.isObject() ? request.get("id") : null;
    if (id == null || !(id.isTextual() || id.isNumber() || id.isNull())) {
      return NullNode.getInstance();
    }
    return id;
  }

  private static ObjectNode validate(JsonNode request) {
    if (request.isArray()) {
      throw new ApiException(
          ErrorKind.INVALID_REQUEST, "batch requests are not supported; send one request per call");
    }
    if (!request.isObject()) {
      throw new ApiException(ErrorKind.INVALID_REQUEST, "a request must be a JSON object");
    }
    request
        .fieldNames()
        .forEachRemaining(
            name -> {
              if (!ENVELOPE.contains(name)) {
                throw new ApiException(
                    ErrorKind.INVALID_REQUEST, "unknown member '" + Json.truncate(name) + "'");
              }
            });
    if (!"2.0".equals(request.path("jsonrpc").textValue())) {
      throw new ApiException(ErrorKind.INVALID_REQUEST, "'jsonrpc' must be \"2.0\"");
    }
    JsonNode id = request.get("id");
    if (id != null && !(id.isTextual() || id.isNumber() || id.isNull())) {
      throw new ApiException(ErrorKind.INVALID_REQUEST, "'id' must be a string, a number or null");
    }
    JsonNode method = request.get("method");
    if (method == null || !method.isTextual()) {
      throw new ApiException(ErrorKind.INVALID_REQUEST, "'method' must be a string");
    }
    JsonNode params = request.get("params");
    if (params == null || params.isNull()) {
      return Json.mapper().createObjectNode();
    }
    if (!params.isObject()) {
      throw new ApiException(ErrorKind.INVALID_PARAMS, "'params' must be an object");
    }
    return (ObjectNode) params;
  }

  private static void writeError(Context ctx, JsonNode id, ApiError error) {
    writeError(ctx, id, error, httpStatus(error.kind()));
  }

  private static void writeError(Context ctx, JsonNode id, ApiError error, int status) {
    ObjectNode body = envelope(id);
    body.set("error", error.toJson(Json.mapper()));
    Responses.write(ctx, status, body);
  }

  /** Envelope problems and transport limits keep their HTTP status; method errors are 200. */
  private static int httpStatus(ErrorKind kind) {
    return switch (kind) {
      case PARSE_ERROR, INVALID_REQUEST -> 400;
      case UNAUTHENTICATED,
          FORBIDDEN,
          RATE_LIMITED,
          INTERNAL,
          UNSUPPORTED_MEDIA_TYPE,
          MISDIRECTED_REQUEST ->
          kind.httpStatus();
      default -> 200;
    };
  }

  private static ObjectNode envelope(JsonNode id) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("jsonrpc", "2.0");
    body.set("id", id);
    return body;
  }
}
