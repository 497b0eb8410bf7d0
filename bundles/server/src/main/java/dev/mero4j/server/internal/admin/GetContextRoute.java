package dev.mero4j.server.internal.admin;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.runtime.api.ContextService;
import dev.mero4j.runtime.api.UnknownContextException;
import dev.mero4j.server.internal.http.Ids;
import dev.mero4j.server.internal.http.Permission;
import dev.mero4j.server.internal.http.Responses;
import dev.mero4j.server.internal.http.Route;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/** {@code GET /admin-api/contexts/{contextId}}: the context with its root hash and DAG heads. */
public final class GetContextRoute implements Route {
  private final ContextService contexts;

  public GetContextRoute(ContextService contexts) {
    this.contexts = contexts;
  }

  @Override
  public HandlerType method() {
    return HandlerType.GET;
  }

  @Override
  public String path() {
    return "/admin-api/contexts/{contextId}";
  }

  @Override
  public Permission permission() {
    return Permission.ADMIN;
  }

  @Override
  public void handle(Context ctx) {
    ContextId id = Ids.context("contextId", ctx.pathParam("contextId"));
    Responses.data(
        ctx,
        AdminJson.context(
            contexts
                .get(id)
                .orElseThrow(() -> new UnknownContextException("context " + id + " not found"))));
  }
}
