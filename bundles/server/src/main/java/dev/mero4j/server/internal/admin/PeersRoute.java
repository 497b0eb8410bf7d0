package dev.mero4j.server.internal.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mero4j.server.NodeInfo;
import dev.mero4j.server.internal.http.Json;
import dev.mero4j.server.internal.http.Permission;
import dev.mero4j.server.internal.http.Responses;
import dev.mero4j.server.internal.http.Route;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;

/** {@code GET /admin-api/peers}: connected peers (addresses, direction, agent) and their count. */
public final class PeersRoute implements Route {
  private final NodeInfo node;

  public PeersRoute(NodeInfo node) {
    this.node = node;
  }

  @Override
  public HandlerType method() {
    return HandlerType.GET;
  }

  @Override
  public String path() {
    return "/admin-api/peers";
  }

  @Override
  public Permission permission() {
    return Permission.ADMIN;
  }

  @Override
  public void handle(Context ctx) {
    List<NodeInfo.Peer> peers = node.peers();
    ObjectNode data = Json.mapper().createObjectNode();
    data.put("count", peers.size());
    ArrayNode list = data.putArray("peers");
    for (NodeInfo.Peer peer : peers) {
      ObjectNode item = list.addObject().put("peerId", peer.peerId());
      peer.addresses().forEach(item.putArray("addresses")::add);
      item.put("direction", peer.direction()).put("relayed", peer.relayed());
      peer.agent().ifPresent(agent -> item.put("agent", agent));
    }
    Responses.data(ctx, data);
  }
}
