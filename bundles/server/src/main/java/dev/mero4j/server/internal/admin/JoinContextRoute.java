package dev.mero4j.server.internal.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mero4j.runtime.api.ContextService;
import dev.mero4j.runtime.api.CreatedContext;
import dev.mero4j.server.internal.http.Bodies;
import dev.mero4j.server.internal.http.Json;
import dev.mero4j.server.internal.http.Permission;
import dev.mero4j.server.internal.http.Responses;
import dev.mero4j.server.internal.http.Route;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /admin-api/contexts/join} {@code {invitation}} → {@code {contextId,
 * memberPublicKey}}: the inviter the invitation names (or another connected member) admits this
 * node, after the application was fetched from it when missing; state follows by sync.
 */
public final class JoinContextRoute implements Route {
  /**
   * Invitations are under 1,000 characters (at most 16,384 with every address); room and no more.
   */
  static final int MAX_BODY = 20 * 1024;

  private final ContextService contexts;

  public JoinContextRoute(ContextService contexts) {
    this.contexts = contexts;
  }

  @Override
  public HandlerType method() {
    return HandlerType.POST;
  }

  @Override
  public String path() {
    return "/admin-api/contexts/join";
  }

  @Override
  public Permission permission() {
    return Permission.ADMIN;
  }

  @Override
  public void handle(Context ctx) {
    ObjectNode body = Json.parseObject(Bodies.read(ctx, MAX_BODY), Set.of("invitation"));
    CreatedContext joined = contexts.join(Json.text(body, "invitation"));
    Responses.data(
        ctx,
        201,
        Map.of(
            "contextId", joined.contextId().toBase58(),
            "memberPublicKey", joined.memberPublicKey().toBase58()));
  }
}
