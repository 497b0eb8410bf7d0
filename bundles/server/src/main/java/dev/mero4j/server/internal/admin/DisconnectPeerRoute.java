package dev.mero4j.server.internal.admin;

import dev.mero4j.server.NodeInfo;
import dev.mero4j.server.internal.http.ApiException;
import dev.mero4j.server.internal.http.Json;
import dev.mero4j.server.internal.http.Permission;
import dev.mero4j.server.internal.http.Responses;
import dev.mero4j.server.internal.http.Route;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Map;

/** {@code DELETE /admin-api/peers/{peerId}}: closes every connection to a peer. */
public final class DisconnectPeerRoute implements Route {
  /** Peer ids are about 52 characters. */
  static final int MAX_PEER_ID = 128;

  private final NodeInfo node;

  public DisconnectPeerRoute(NodeInfo node) {
    this.node = node;
  }

  @Override
  public HandlerType method() {
    return HandlerType.DELETE;
  }

  @Override
  public String path() {
    return "/admin-api/peers/{peerId}";
  }

  @Override
  public Permission permission() {
    return Permission.ADMIN;
  }

  @Override
  public void handle(Context ctx) {
    String peer = ctx.pathParam("peerId");
    if (peer.isBlank() || peer.length() > MAX_PEER_ID) {
      throw ApiException.invalidParams("peerId", "bad peer id '" + Json.truncate(peer) + "'");
    }
    node.disconnect(peer);
    Responses.data(ctx, Map.of("peerId", peer));
  }
}
