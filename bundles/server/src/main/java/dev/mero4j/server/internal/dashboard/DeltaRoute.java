package dev.mero4j.server.internal.dashboard;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.PrimitiveException;
import dev.mero4j.server.NodeInfo;
import dev.mero4j.server.internal.http.ApiException;
import dev.mero4j.server.internal.http.ErrorKind;
import dev.mero4j.server.internal.http.Ids;
import dev.mero4j.server.internal.http.Permission;
import dev.mero4j.server.internal.http.Responses;
import dev.mero4j.server.internal.http.Route;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/**
 * {@code GET /admin-api/contexts/{contextId}/dag/deltas/{deltaId}}: one delta's author, HLC,
 * parents and actions (the first 50 as lines).
 */
public final class DeltaRoute implements Route {
  private final NodeInfo node;

  public DeltaRoute(NodeInfo node) {
    this.node = node;
  }

  @Override
  public HandlerType method() {
    return HandlerType.GET;
  }

  @Override
  public String path() {
    return "/admin-api/contexts/{contextId}/dag/deltas/{deltaId}";
  }

  @Override
  public Permission permission() {
    return Permission.ADMIN;
  }

  @Override
  public void handle(Context ctx) {
    ContextId context = Ids.context("contextId", ctx.pathParam("contextId"));
    DeltaId delta = deltaId(ctx.pathParam("deltaId"));
    Responses.data(
        ctx,
        DagJson.detail(
            DagJson.reader(node)
                .delta(context, delta)
                .orElseThrow(
                    () ->
                        new ApiException(
                            ErrorKind.NOT_FOUND,
                            "delta "
                                + delta.toBase58()
                                + " is not held here (unknown, or pruned after a checkpoint)"))));
  }

  static DeltaId deltaId(String text) {
    try {
      return DeltaId.fromBase58(text);
    } catch (PrimitiveException | IllegalArgumentException e) {
      throw ApiException.invalidParams(
          "deltaId", "'deltaId' is not a valid base58 delta id: " + e.getMessage());
    }
  }
}
