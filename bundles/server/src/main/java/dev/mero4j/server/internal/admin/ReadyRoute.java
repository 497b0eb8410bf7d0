package dev.mero4j.server.internal.admin;

import dev.mero4j.server.internal.http.Permission;
import dev.mero4j.server.internal.http.Responses;
import dev.mero4j.server.internal.http.Route;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** {@code GET /admin-api/ready}: 200 once the node is ready, 503 before; no auth. */
public final class ReadyRoute implements Route {
  private final BooleanSupplier ready;

  public ReadyRoute(BooleanSupplier ready) {
    this.ready = ready;
  }

  @Override
  public HandlerType method() {
    return HandlerType.GET;
  }

  @Override
  public String path() {
    return "/admin-api/ready";
  }

  @Override
  public Permission permission() {
    return Permission.PUBLIC;
  }

  @Override
  public void handle(Context ctx) {
    boolean isReady = ready.getAsBoolean();
    Responses.data(
        ctx,
        isReady ? 200 : 503,
        Map.of("status", isReady ? "ready" : "starting", "ready", isReady));
  }
}
