package dev.mero4j.server.internal.admin;

import dev.mero4j.server.internal.http.Permission;
import dev.mero4j.server.internal.http.Responses;
import dev.mero4j.server.internal.http.Route;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Map;

/** {@code GET /admin-api/health}: the server answers; no auth. */
public final class HealthRoute implements Route {
  @Override
  public HandlerType method() {
    return HandlerType.GET;
  }

  @Override
  public String path() {
    return "/admin-api/health";
  }

  @Override
  public Permission permission() {
    return Permission.PUBLIC;
  }

  @Override
  public void handle(Context ctx) {
    Responses.data(ctx, Map.of("status", "alive"));
  }
}
