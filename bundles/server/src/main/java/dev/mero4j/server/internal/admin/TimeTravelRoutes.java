package dev.mero4j.server.internal.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.runtime.api.ContextService;
import dev.mero4j.server.internal.http.ApiException;
import dev.mero4j.server.internal.http.Ids;
import dev.mero4j.server.internal.http.Permission;
import dev.mero4j.server.internal.http.Responses;
import dev.mero4j.server.internal.http.Route;
import dev.mero4j.server.internal.jsonrpc.HistoryMethods;
import dev.mero4j.server.internal.jsonrpc.StateMethods;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The time-travel admin routes (docs/time-travel.md); each answers {@code {"data": …}} with the
 * same JSON as its JSON-RPC method, and errors with the same codes mapped to HTTP:
 *
 * <ul>
 *   <li>{@code GET /admin-api/contexts/{id}/history?limit=&cursor=} ({@code context_history})
 *   <li>{@code GET /admin-api/contexts/{id}/diff?from=&to=&limit=} ({@code context_diff})
 *   <li>{@code GET /admin-api/contexts/{id}/state?at=&path=&cursor=&limit=} ({@code context_state})
 *   <li>{@code GET /admin-api/contexts/{id}/dag/deltas/{deltaId}/diff?limit=} ({@code
 *       context_delta_diff})
 * </ul>
 */
public final class TimeTravelRoutes {
  private static final String CONTEXT = "/admin-api/contexts/{contextId}";

  private TimeTravelRoutes() {}

  public static List<Route> of(ContextService contexts) {
    return List.of(
        new Get(
            CONTEXT + "/history",
            ctx ->
                HistoryMethods.json(
                    contexts.history(
                        context(ctx),
                        StateMethods.queryLimit(
                            ctx.queryParam("limit"), HistoryMethods.DEFAULT_HISTORY_LIMIT),
                        query(ctx, "cursor")))),
        new Get(
            CONTEXT + "/diff",
            ctx ->
                HistoryMethods.json(
                    contexts.diff(
                        context(ctx),
                        delta("from", required(ctx, "from")),
                        delta("to", required(ctx, "to")),
                        StateMethods.queryLimit(
                            ctx.queryParam("limit"), HistoryMethods.DEFAULT_DIFF_LIMIT)))),
        new Get(
            CONTEXT + "/state",
            ctx ->
                StateMethods.json(
                    contexts.state(
                        context(ctx),
                        query(ctx, "at").map(t -> delta("at", t)),
                        query(ctx, "path").orElse(""),
                        StateMethods.queryLimit(
                            ctx.queryParam("limit"), StateMethods.DEFAULT_STATE_LIMIT),
                        query(ctx, "cursor")))),
        new Get(
            CONTEXT + "/dag/deltas/{deltaId}/diff",
            ctx ->
                StateMethods.json(
                    contexts.deltaDiff(
                        context(ctx),
                        delta("deltaId", ctx.pathParam("deltaId")),
                        StateMethods.queryLimit(
                            ctx.queryParam("limit"), HistoryMethods.DEFAULT_DIFF_LIMIT)))));
  }

  private static ContextId context(Context ctx) {
    return Ids.context("contextId", ctx.pathParam("contextId"));
  }

  private static DeltaId delta(String field, String text) {
    return Ids.delta(field, text);
  }

  /** A query parameter; absent or empty means not given. */
  private static Optional<String> query(Context ctx, String name) {
    String value = ctx.queryParam(name);
    return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  private static String required(Context ctx, String name) {
    return query(ctx, name)
        .orElseThrow(
            () -> ApiException.invalidParams(name, "missing query parameter '" + name + "'"));
  }

  /** An admin GET route answering the JSON {@code body} computes. */
  private record Get(String path, Function<Context, JsonNode> body) implements Route {
    @Override
    public HandlerType method() {
      return HandlerType.GET;
    }

    @Override
    public Permission permission() {
      return Permission.ADMIN;
    }

    @Override
    public void handle(Context ctx) {
      Responses.data(ctx, body.apply(ctx));
    }
  }
}
