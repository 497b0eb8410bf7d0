package dev.mero4j.server.internal.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mero4j.server.NodeInfo;
import dev.mero4j.server.internal.http.Bodies;
import dev.mero4j.server.internal.http.Json;
import dev.mero4j.server.internal.http.Permission;
import dev.mero4j.server.internal.http.Responses;
import dev.mero4j.server.internal.http.Route;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Set;

/**
 * {@code POST /admin-api/providers/{capability}/swap} {@code {to}} → 202 with the started job;
 * follow it at {@code /admin-api/providers/jobs/{id}}.
 */
public final class SwapProviderRoute implements Route {
  /** The body is one short provider name. */
  static final int MAX_BODY = 1024;

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
    ObjectNode body = Json.parseObject(Bodies.read(ctx, MAX_BODY), Set.of("to"));
    String to = Json.text(body, "to");
    Responses.data(
        ctx, 202, ProviderJson.job(ProviderJson.admin(node).swap(ctx.pathParam("capability"), to)));
  }
}
