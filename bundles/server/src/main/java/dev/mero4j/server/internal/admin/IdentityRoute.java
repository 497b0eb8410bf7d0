package dev.mero4j.server.internal.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mero4j.server.NodeInfo;
import dev.mero4j.server.internal.http.Json;
import dev.mero4j.server.internal.http.Permission;
import dev.mero4j.server.internal.http.Responses;
import dev.mero4j.server.internal.http.Route;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/** {@code GET /admin-api/identity}: the node's public key and peer id. */
public final class IdentityRoute implements Route {
  private final NodeInfo node;

  public IdentityRoute(NodeInfo node) {
    this.node = node;
  }

  @Override
  public HandlerType method() {
    return HandlerType.GET;
  }

  @Override
  public String path() {
    return "/admin-api/identity";
  }

  @Override
  public Permission permission() {
    return Permission.ADMIN;
  }

  @Override
  public void handle(Context ctx) {
    NodeInfo.Identity identity = node.identity();
    ObjectNode data = Json.mapper().createObjectNode();
    data.put("publicKey", identity.publicKey().toBase58());
    if (identity.peerId().isPresent()) {
      data.put("peerId", identity.peerId().get());
    } else {
      data.putNull("peerId");
    }
    Responses.data(ctx, data);
  }
}
