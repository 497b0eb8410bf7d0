package dev.mero4j.server.internal.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mero4j.server.NodeInfo;
import dev.mero4j.server.internal.http.ApiException;
import dev.mero4j.server.internal.http.Bodies;
import dev.mero4j.server.internal.http.Json;
import dev.mero4j.server.internal.http.Permission;
import dev.mero4j.server.internal.http.Responses;
import dev.mero4j.server.internal.http.Route;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /admin-api/providers/{capability}/swap} {@code {to}} → 202 with the started job;
 * follow it at {@code /admin-api/providers/jobs/{id}}. The transport also takes {@code {to, listen:
 * [multiaddr, ...]}}: the listen addresses of the new transport.
 */
public final class SwapProviderRoute implements Route {
  /** The body is one short provider name, and for the transport a few listen addresses. */
  static final int MAX_BODY = 8192;

  /** Listen addresses one request may name. */
  static final int MAX_LISTEN = 16;

  private final NodeInfo node;

  public SwapProviderRoute(NodeInfo node) {
    this.node = node;
  }

  @Override
  public HandlerType method() {
    return HandlerType.POST;
  }

  @Override
  public String path() {
    return "/admin-api/providers/{capability}/swap";
  }

  @Override
  public Permission permission() {
    return Permission.ADMIN;
  }

  @Override
  public void handle(Context ctx) {
    ObjectNode body = Json.parseObject(Bodies.read(ctx, MAX_BODY), Set.of("to", "listen"));
    String to = Json.text(body, "to");
    String capability = ctx.pathParam("capability");
    JsonNode listen = body.get("listen");
    if (listen == null || listen.isNull()) {
      Responses.data(ctx, 202, ProviderJson.job(ProviderJson.admin(node).swap(capability, to)));
      return;
    }
    if (!"transport".equals(capability)) {
      throw ApiException.invalidParams("listen", "listen addresses apply to the transport only");
    }
    Responses.data(
        ctx, 202, ProviderJson.job(ProviderJson.admin(node).swapTransport(to, addresses(listen))));
  }

  private static List<String> addresses(JsonNode listen) {
    if (!listen.isArray() || listen.isEmpty() || listen.size() > MAX_LISTEN) {
      throw ApiException.invalidParams(
          "listen", "listen must be an array of 1 to " + MAX_LISTEN + " multiaddrs");
    }
    List<String> addresses = new ArrayList<>();
    for (JsonNode address : listen) {
      if (!address.isTextual()) {
        throw ApiException.invalidParams("listen", "each listen address must be a string");
      }
      addresses.add(address.textValue());
    }
    return addresses;
  }
}
