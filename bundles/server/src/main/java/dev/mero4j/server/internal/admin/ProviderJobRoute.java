package dev.mero4j.server.internal.admin;

import dev.mero4j.server.NodeInfo;
import dev.mero4j.server.internal.http.Permission;
import dev.mero4j.server.internal.http.Responses;
import dev.mero4j.server.internal.http.Route;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/** {@code GET /admin-api/providers/jobs/{id}}: phase, progress and outcome of a provider swap. */
public final class ProviderJobRoute implements Route {
  private final NodeInfo node;

  public ProviderJobRoute(NodeInfo node) {
    this.node = node;
  }

  @Override
  public HandlerType method() {
    return HandlerType.GET;
  }

  @Override
  public String path() {
    return "/admin-api/providers/jobs/{id}";
  }

  @Override
  public Permission permission() {
    return Permission.ADMIN;
  }

  @Override
  public void handle(Context ctx) {
    Responses.data(ctx, ProviderJson.job(ProviderJson.admin(node).job(ctx.pathParam("id"))));
  }
}
