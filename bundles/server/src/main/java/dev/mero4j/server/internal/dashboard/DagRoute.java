package dev.mero4j.server.internal.dashboard;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.server.NodeInfo;
import dev.mero4j.server.internal.http.Ids;
import dev.mero4j.server.internal.http.Permission;
import dev.mero4j.server.internal.http.Responses;
import dev.mero4j.server.internal.http.Route;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/**
 * {@code GET /admin-api/contexts/{contextId}/dag?limit=N}: the newest applied deltas, the pending
 * ones and the heads of a context's DAG.
 */
public final class DagRoute implements Route {
  private final NodeInfo node;

  public DagRoute(NodeInfo node) {
    this.node = node;
  }

  @Override
  public HandlerType method() {
    return HandlerType.GET;
  }

  @Override
  public String path() {
    return "/admin-api/contexts/{contextId}/dag";
  }

  @Override
  public Permission permission() {
    return Permission.ADMIN;
  }

  @Override
  public void handle(Context ctx) {
    ContextId id = Ids.context("contextId", ctx.pathParam("contextId"));
    int limit = DagJson.limit(ctx);
    Responses.data(ctx, DagJson.page(DagJson.reader(node).recent(id, limit)));
  }
}
