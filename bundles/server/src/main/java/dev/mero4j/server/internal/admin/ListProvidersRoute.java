package dev.mero4j.server.internal.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mero4j.server.NodeInfo;
import dev.mero4j.server.ProviderAdmin;
import dev.mero4j.server.internal.http.Json;
import dev.mero4j.server.internal.http.Permission;
import dev.mero4j.server.internal.http.Responses;
import dev.mero4j.server.internal.http.Route;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/**
 * {@code GET /admin-api/providers}: each swappable capability, its active and deployed providers.
 */
public final class ListProvidersRoute implements Route {
  private final NodeInfo node;

  public ListProvidersRoute(NodeInfo node) {
    this.node = node;
  }

  @Override
  public HandlerType method() {
    return HandlerType.GET;
  }

  @Override
  public String path() {
    return "/admin-api/providers";
  }

  @Override
  public Permission permission() {
    return Permission.ADMIN;
  }

  @Override
  public void handle(Context ctx) {
    ArrayNode capabilities = Json.mapper().createArrayNode();
    for (ProviderAdmin.Capability capability : ProviderJson.admin(node).capabilities()) {
      ObjectNode entry = capabilities.addObject();
      entry.put("capability", capability.name());
      entry.put("active", capability.active());
      capability.deployed().forEach(entry.putArray("deployed")::add);
    }
    ObjectNode data = Json.mapper().createObjectNode();
    data.set("capabilities", capabilities);
    Responses.data(ctx, data);
  }
}
