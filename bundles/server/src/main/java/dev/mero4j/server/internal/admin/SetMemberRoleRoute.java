package dev.mero4j.server.internal.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.runtime.api.ContextService;
import dev.mero4j.runtime.api.MemberRole;
import dev.mero4j.server.internal.http.Bodies;
import dev.mero4j.server.internal.http.Ids;
import dev.mero4j.server.internal.http.Json;
import dev.mero4j.server.internal.http.Permission;
import dev.mero4j.server.internal.http.Responses;
import dev.mero4j.server.internal.http.Route;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Map;
import java.util.Set;

/**
 * {@code PUT /admin-api/contexts/{contextId}/members/{publicKey}/role} {@code {role}}: changes a
 * member's role.
 */
public final class SetMemberRoleRoute implements Route {
  private static final int MAX_BODY = 1024;

  private final ContextService contexts;

  public SetMemberRoleRoute(ContextService contexts) {
    this.contexts = contexts;
  }

  @Override
  public HandlerType method() {
    return HandlerType.PUT;
  }

  @Override
  public String path() {
    return "/admin-api/contexts/{contextId}/members/{publicKey}/role";
  }

  @Override
  public Permission permission() {
    return Permission.ADMIN;
  }

  @Override
  public void handle(Context ctx) {
    ContextId id = Ids.context("contextId", ctx.pathParam("contextId"));
    PublicKey member = Ids.publicKey("publicKey", ctx.pathParam("publicKey"));
    ObjectNode body = Json.parseObject(Bodies.read(ctx, MAX_BODY), Set.of("role"));
    MemberRole role = MemberRole.parse(Json.text(body, "role"));
    contexts.setRole(id, member, role);
    Responses.data(ctx, Map.of("publicKey", member.toBase58(), "role", role.label()));
  }
}
