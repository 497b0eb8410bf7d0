package dev.mero4j.server.internal.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mero4j.server.NodeInfo;
import dev.mero4j.server.internal.http.Json;
import dev.mero4j.server.internal.http.Permission;
import dev.mero4j.server.internal.http.Responses;
import dev.mero4j.server.internal.http.Route;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/**
 * {@code GET /admin-api/network/status}: whether the transport runs, its listen, observed and relay
 * addresses, reachability, DHT table size and connection counts.
 */
public final class NetworkStatusRoute implements Route {
  private final NodeInfo node;

  public NetworkStatusRoute(NodeInfo node) {
    this.node = node;
  }

  @Override
  public HandlerType method() {
    return HandlerType.GET;
  }

  @Override
  public String path() {
    return "/admin-api/network/status";
  }

  @Override
  public Permission permission() {
    return Permission.ADMIN;
  }

  @Override
  public void handle(Context ctx) {
    NodeInfo.NetworkStatus status = node.networkStatus();
    ObjectNode data = Json.mapper().createObjectNode();
    data.put("enabled", status.enabled());
    status.listenAddresses().forEach(data.putArray("listenAddresses")::add);
    data.put("connectedPeers", status.connectedPeers());
    data.put("connections", status.connections());
    data.put("reachability", status.reachability());
    status.observedAddresses().forEach(data.putArray("observedAddresses")::add);
    status.relayAddresses().forEach(data.putArray("relayAddresses")::add);
    data.put("routingTableSize", status.routingTableSize());
    Responses.data(ctx, data);
  }
}
