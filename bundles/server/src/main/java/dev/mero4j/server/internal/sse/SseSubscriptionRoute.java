package dev.mero4j.server.internal.sse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.server.internal.auth.Caller;
import dev.mero4j.server.internal.http.ApiException;
import dev.mero4j.server.internal.http.Bodies;
import dev.mero4j.server.internal.http.ErrorKind;
import dev.mero4j.server.internal.http.Ids;
import dev.mero4j.server.internal.http.Json;
import dev.mero4j.server.internal.http.Permission;
import dev.mero4j.server.internal.http.Responses;
import dev.mero4j.server.internal.http.Route;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /sse/subscription} {@code {id: <session>, method: subscribe|unsubscribe,
 * params:{contextIds}}} → {@code {"result":{"status","contextIds"}}}, as in Calimero.
 */
public final class SseSubscriptionRoute implements Route {
  static final int MAX_BODY = 256 * 1024;

  private final SseSessions sessions;

  public SseSubscriptionRoute(SseSessions sessions) {
    this.sessions = sessions;
  }

  @Override
  public HandlerType method() {
    return HandlerType.POST;
  }

  @Override
  public String path() {
    return "/sse/subscription";
  }

  @Override
  public Permission permission() {
    return Permission.CONTEXT_EXECUTE;
  }

  @Override
  public void handle(Context ctx) {
    ObjectNode body =
        Json.parseObject(Bodies.read(ctx, MAX_BODY), Set.of("id", "method", "params"));
    JsonNode idNode = body.get("id");
    if (idNode == null || !(idNode.isTextual() || idNode.isIntegralNumber())) {
      throw ApiException.invalidParams("id", "'id' must be the session id from the connect event");
    }
    Caller caller = ctx.attribute(Caller.class.getName());
    SseSession session =
        sessions
            .find(idNode.asText(), caller.subject())
            .orElseThrow(
                () ->
                    new ApiException(
                        ErrorKind.NOT_FOUND, "session not found; connect to /sse first"));
    String method = Json.text(body, "method");
    boolean subscribe =
        switch (method) {
          case "subscribe" -> true;
          case "unsubscribe" -> false;
          default ->
              throw new ApiException(
                  ErrorKind.METHOD_NOT_FOUND, "unknown method '" + Json.truncate(method) + "'");
        };
    JsonNode params = body.path("params");
    if (!params.isObject()) {
      throw ApiException.invalidParams("params", "'params' must be an object with contextIds");
    }
    Json.requireKnownFields((ObjectNode) params, Set.of("contextIds", "groupIds"));
    List<ContextId> ids = new ArrayList<>();
    JsonNode list = params.path("contextIds");
    if (!list.isArray()) {
      throw ApiException.invalidParams("contextIds", "'contextIds' must be an array of base58 ids");
    }
    for (JsonNode item : list) {
      ids.add(Ids.context("contextIds", item.isTextual() ? item.textValue() : item.toString()));
    }
    ObjectNode result = Json.mapper().createObjectNode();
    result.put("status", subscribe ? "subscribed" : "unsubscribed");
    ArrayNode out = result.putArray("contextIds");
    for (ContextId id : ids) {
      if (subscribe) {
        session.subscriptions().add(id);
      } else {
        session.subscriptions().remove(id);
      }
      out.add(id.toBase58());
    }
    session.touch(sessions.now());
    ObjectNode response = Json.mapper().createObjectNode();
    response.set("result", result);
    Responses.write(ctx, 200, response);
  }
}
