package dev.mero4j.server.internal.sse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mero4j.server.internal.auth.Caller;
import dev.mero4j.server.internal.http.ApiException;
import dev.mero4j.server.internal.http.ErrorKind;
import dev.mero4j.server.internal.http.Json;
import dev.mero4j.server.internal.http.Permission;
import dev.mero4j.server.internal.http.Responses;
import dev.mero4j.server.internal.http.Route;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/** {@code GET /sse/session/{sessionId}}: a session's subscriptions and event counter. */
public final class SseSessionRoute implements Route {
  private final SseSessions sessions;

  public SseSessionRoute(SseSessions sessions) {
    this.sessions = sessions;
  }

  @Override
  public HandlerType method() {
    return HandlerType.GET;
  }

  @Override
  public String path() {
    return "/sse/session/{sessionId}";
  }

  @Override
  public Permission permission() {
    return Permission.CONTEXT_EXECUTE;
  }

  @Override
  public void handle(Context ctx) {
    Caller caller = ctx.attribute(Caller.class.getName());
    SseSession session =
        sessions
            .find(ctx.pathParam("sessionId"), caller.subject())
            .orElseThrow(() -> new ApiException(ErrorKind.NOT_FOUND, "session not found"));
    ObjectNode result = Json.mapper().createObjectNode();
    result.put("session_id", session.id());
    session.subscriptions().forEach(id -> result.withArray("subscriptions").add(id.toBase58()));
    result.withArray("subscriptions");
    result.put("event_counter", session.counter());
    result.put("status", session.connected() ? "active" : "disconnected");
    ObjectNode response = Json.mapper().createObjectNode();
    response.set("result", result);
    Responses.write(ctx, 200, response);
  }
}
