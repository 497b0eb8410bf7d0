package dev.mero4j.server.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;

/**
 * Writes JSON responses: REST data wrapped as {@code {"data": …}}, errors as {@code {"error": …}}.
 */
public final class Responses {
  public static final String JSON_TYPE = "application/json";

  private Responses() {}

  public static void data(Context ctx, int status, Object data) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.set("data", data instanceof JsonNode node ? node : Json.mapper().valueToTree(data));
    write(ctx, status, body);
  }

  public static void data(Context ctx, Object data) {
    data(ctx, 200, data);
  }

  public static void error(Context ctx, ApiError error) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.set("error", error.toJson(Json.mapper()));
    if (error.kind() == ErrorKind.UNAUTHENTICATED) {
      ctx.header("WWW-Authenticate", "Bearer");
      ctx.header("X-Auth-Error", error.message());
    }
    write(ctx, error.kind().httpStatus(), body);
  }

  public static void write(Context ctx, int status, JsonNode body) {
    try {
      ctx.status(status).contentType(JSON_TYPE).result(Json.mapper().writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }
}
