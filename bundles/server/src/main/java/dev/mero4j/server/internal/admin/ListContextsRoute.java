package dev.mero4j.server.internal.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mero4j.runtime.api.ContextService;
import dev.mero4j.server.internal.http.Json;
import dev.mero4j.server.internal.http.Permission;
import dev.mero4j.server.internal.http.Responses;
import dev.mero4j.server.internal.http.Route;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/** {@code GET /admin-api/contexts}: {@code {"data":{"contexts":[…]}}}. */
public final class ListContextsRoute implements Route {
  private final ContextService contexts;

  public ListContextsRoute(ContextService contexts) {
    this.contexts = contexts;
  }

  @Override
  public HandlerType method() {
    return HandlerType.GET;
  }

  @Override
  public String path() {
    return "/admin-api/contexts";
  }

  @Override
  public Permission permission() {
    return Permission.ADMIN;
  }

  @Override
  public void handle(Context ctx) {
    ObjectNode data = Json.mapper().createObjectNode();
    ArrayNode list = data.putArray("contexts");
    contexts.list().forEach(c -> list.add(AdminJson.context(c)));
    Responses.data(ctx, data);
  }
}
