package dev.mero4j.server.internal.admin;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.runtime.api.ContextService;
import dev.mero4j.server.internal.http.Ids;
import dev.mero4j.server.internal.http.Permission;
import dev.mero4j.server.internal.http.Responses;
import dev.mero4j.server.internal.http.Route;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Map;

/**
 * {@code DELETE /admin-api/contexts/{contextId}/invitations/{invitationId}}: revokes an unredeemed
 * invitation.
 */
public final class RevokeInvitationRoute implements Route {
  private final ContextService contexts;

  public RevokeInvitationRoute(ContextService contexts) {
    this.contexts = contexts;
  }

  @Override
  public HandlerType method() {
    return HandlerType.DELETE;
  }

  @Override
  public String path() {
    return "/admin-api/contexts/{contextId}/invitations/{invitationId}";
  }

  @Override
  public Permission permission() {
    return Permission.ADMIN;
  }

  @Override
  public void handle(Context ctx) {
    ContextId id = Ids.context("contextId", ctx.pathParam("contextId"));
    contexts.revokeInvitation(id, ctx.pathParam("invitationId"));
    Responses.data(ctx, Map.of("isRevoked", true));
  }
}
