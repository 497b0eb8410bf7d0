package dev.mero4j.server.internal.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.runtime.api.ContextService;
import dev.mero4j.runtime.api.MemberInfo;
import dev.mero4j.server.internal.http.Ids;
import dev.mero4j.server.internal.http.Json;
import dev.mero4j.server.internal.http.Permission;
import dev.mero4j.server.internal.http.Responses;
import dev.mero4j.server.internal.http.Route;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/**
 * {@code GET /admin-api/contexts/{contextId}/members}: members, roles, and which this node holds.
 */
public final class ListMembersRoute implements Route {
  private final ContextService contexts;

  public ListMembersRoute(ContextService contexts) {
    this.contexts = contexts;
  }

  @Override
  public HandlerType method() {
    return HandlerType.GET;
  }

  @Override
  public String path() {
    return "/admin-api/contexts/{contextId}/members";
  }

  @Override
  public Permission permission() {
    return Permission.ADMIN;
  }

  @Override
  public void handle(Context ctx) {
    ContextId id = Ids.context("contextId", ctx.pathParam("contextId"));
    ObjectNode data = Json.mapper().createObjectNode();
    ArrayNode list = data.putArray("members");
    for (MemberInfo member : contexts.members(id)) {
      list.addObject()
          .put("publicKey", member.publicKey().toBase58())
          .put("role", member.role().label())
          .put("local", member.local());
    }
    Responses.data(ctx, data);
  }
}
