package dev.mero4j.server.internal.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.server.internal.auth.Authenticator;
import dev.mero4j.server.internal.auth.Caller;
import dev.mero4j.server.internal.events.EventHub;
import dev.mero4j.server.internal.http.ApiError;
import dev.mero4j.server.internal.http.ApiException;
import dev.mero4j.server.internal.http.BrowserGuard;
import dev.mero4j.server.internal.http.ErrorKind;
import dev.mero4j.server.internal.http.ErrorMapper;
import dev.mero4j.server.internal.http.Ids;
import dev.mero4j.server.internal.http.Json;
import dev.mero4j.server.internal.http.Permission;
import dev.mero4j.server.internal.jsonrpc.ExecuteMethod;
import io.javalin.http.Context;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsMessageContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code /ws}: frames {@code {id, method: subscribe|unsubscribe|execute, params}} answered with
 * {@code {id, result}} or {@code {id, error}}; events pushed as {@code {"id":null,"result":…}}.
 */
public final class WsEndpoint {
  public static final String PATH = "/ws";

  private static final String CALLER = "mero4j.caller";
  private static final Set<String> FRAME = Set.of("id", "method", "params");

  private final BrowserGuard guard;
  private final EventHub hub;
  private final ExecuteMethod execute;
  private final Authenticator auth;
  private final int maxConnections;
  private final int maxFrameBytes;
  private final Duration pingInterval;
  private final AtomicInteger open = new AtomicInteger();
  private final Map<String, WsConnection> connections = new ConcurrentHashMap<>();

  public WsEndpoint(
      BrowserGuard guard,
      EventHub hub,
      ExecuteMethod execute,
      Authenticator auth,
      int maxConnections,
      int maxFrameBytes,
      Duration pingInterval) {
    this.guard = guard;
    this.hub = hub;
    this.execute = execute;
    this.auth = auth;
    this.maxConnections = maxConnections;
    this.maxFrameBytes = maxFrameBytes;
    this.pingInterval = pingInterval;
  }

  public int openConnections() {
    return open.get();
  }

  /**
   * Runs before the upgrade: checks the origin, the token and the connection cap; a failure answers
   * HTTP.
   */
  public void beforeUpgrade(Context ctx) {
    guard.check(ctx.header("Host"), ctx.header("Origin"), ctx.header("Sec-Fetch-Site"));
    Caller caller =
        auth.authenticate(
            ctx.header("Authorization"),
            ctx.queryParam("token"),
            ctx.ip(),
            Permission.CONTEXT_EXECUTE);
    if (open.get() >= maxConnections) {
      throw new ApiException(
          ErrorKind.UNAVAILABLE, "too many WebSocket connections (" + maxConnections + ")");
    }
    ctx.attribute(CALLER, caller);
  }

  public void configure(WsConfig ws) {
    ws.onConnect(
        ctx -> {
          open.incrementAndGet();
          Caller caller = ctx.attribute(CALLER);
          WsConnection connection =
              new WsConnection(ctx.session, caller == null ? Caller.LOCAL : caller);
          connections.put(ctx.sessionId(), connection);
          hub.add(connection);
          ctx.enableAutomaticPings(pingInterval.toMillis(), TimeUnit.MILLISECONDS);
        });
    ws.onMessage(this::onMessage);
    ws.onBinaryMessage(
        ctx ->
            reply(
                ctx,
                NullNode.getInstance(),
                ErrorMapper.map(
                    new ApiException(
                        ErrorKind.INVALID_REQUEST, "binary frames are not supported"))));
    ws.onClose(ctx -> closed(ctx));
    ws.onError(ctx -> closed(ctx));
  }

  private void closed(WsContext ctx) {
    WsConnection connection = connections.remove(ctx.sessionId());
    if (connection != null) {
      hub.remove(connection);
      open.decrementAndGet();
    }
    ctx.disableAutomaticPings();
  }

  private void onMessage(WsMessageContext ctx) {
    WsConnection connection = connections.get(ctx.sessionId());
    if (connection == null) {
      return;
    }
    String message = ctx.message();
    JsonNode id = NullNode.getInstance();
    try {
      if (message.length() > maxFrameBytes) {
        throw new ApiException(
            ErrorKind.LIMIT_EXCEEDED, "frame larger than " + maxFrameBytes + " bytes");
      }
      JsonNode frame = Json.parse(message.getBytes(StandardCharsets.UTF_8));
      if (!frame.isObject()) {
        throw new ApiException(ErrorKind.INVALID_REQUEST, "a frame must be a JSON object");
      }
      JsonNode rawId = frame.get("id");
      if (rawId != null && (rawId.isNumber() || rawId.isTextual())) {
        id = rawId;
      }
      Json.requireKnownFields((ObjectNode) frame, FRAME);
      JsonNode method = frame.get("method");
      if (method == null || !method.isTextual()) {
        throw new ApiException(ErrorKind.INVALID_REQUEST, "'method' must be a string");
      }
      JsonNode params = frame.get("params");
      ObjectNode paramsObject =
          params != null && params.isObject()
              ? (ObjectNode) params
              : Json.mapper().createObjectNode();
      if (params != null && !params.isNull() && !params.isObject()) {
        throw new ApiException(ErrorKind.INVALID_PARAMS, "'params' must be an object");
      }
      JsonNode result = dispatch(connection, method.textValue(), paramsObject);
      ObjectNode response = Json.mapper().createObjectNode();
      response.set("id", id);
      response.set("result", result);
      connection.send(response.toString());
    } catch (RuntimeException e) {
      reply(ctx, id, ErrorMapper.map(e));
    }
  }

  private JsonNode dispatch(WsConnection connection, String method, ObjectNode params) {
    return switch (method) {
      case "subscribe" -> changeSubscriptions(connection, params, true);
      case "unsubscribe" -> changeSubscriptions(connection, params, false);
      case "execute" -> execute.call(params, connection.caller());
      default ->
          throw new ApiException(
              ErrorKind.METHOD_NOT_FOUND,
              "unknown method '" + Json.truncate(method) + "'",
              Map.of("methods", List.of("execute", "subscribe", "unsubscribe")));
    };
  }

  private static JsonNode changeSubscriptions(
      WsConnection connection, ObjectNode params, boolean add) {
    Json.requireKnownFields(params, Set.of("contextIds", "groupIds"));
    JsonNode ids = params.get("contextIds");
    if (ids == null || !ids.isArray()) {
      throw ApiException.invalidParams("contextIds", "'contextIds' must be an array of base58 ids");
    }
    List<ContextId> parsed = new ArrayList<>();
    for (JsonNode item : ids) {
      if (!item.isTextual()) {
        throw ApiException.invalidParams(
            "contextIds", "'contextIds' must be an array of base58 ids");
      }
      parsed.add(Ids.context("contextIds", item.textValue()));
    }
    ObjectNode result = Json.mapper().createObjectNode();
    var list = result.putArray("contextIds");
    for (ContextId id : parsed) {
      if (add) {
        connection.subscriptions().add(id);
      } else {
        connection.subscriptions().remove(id);
      }
      list.add(id.toBase58());
    }
    return result;
  }

  private void reply(WsContext ctx, JsonNode id, ApiError error) {
    WsConnection connection = connections.get(ctx.sessionId());
    ObjectNode response = Json.mapper().createObjectNode();
    response.set("id", id);
    response.set("error", error.toJson(Json.mapper()));
    if (connection != null) {
      connection.send(response.toString());
    }
  }
}
