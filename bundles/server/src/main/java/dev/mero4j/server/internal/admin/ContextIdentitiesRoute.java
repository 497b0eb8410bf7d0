package dev.mero4j.server.internal.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.runtime.api.ContextService;
import dev.mero4j.server.internal.http.Ids;
import dev.mero4j.server.internal.http.Json;
import dev.mero4j.server.internal.http.Permission;
import dev.mero4j.server.internal.http.Responses;
import dev.mero4j.server.internal.http.Route;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/** {@code GET /admin-api/contexts/{contextId}/identities}: member keys this node holds. */
public final class ContextIdentitiesRoute implements Route {
  private final ContextService contexts;

  public ContextIdentitiesRoute(ContextService contexts) {
    this.contexts = contexts;
  }

  @Override
  public HandlerType method() {
    return HandlerType.GET;
  }

  @Override
  public String path() {
    return "/admin-api/contexts/{contextId}/identities";
  }

  @Override
  public Permission permission() {
    return Permission.ADMIN;
  }

  @Override
  public void handle(Context ctx) {
    ContextId id = Ids.context("contextId", ctx.pathParam("contextId"));
    ObjectNode data = Json.mapper().createObjectNode();
    ArrayNode list = data.putArray("identities");
    contexts.identities(id).forEach(key -> list.add(key.toBase58()));
    Responses.data(ctx, data);
  }
}
