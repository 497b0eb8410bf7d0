package dev.mero4j.server.internal.metrics;

import dev.mero4j.server.internal.http.Permission;
import dev.mero4j.server.internal.http.Route;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/** {@code GET /metrics}: Prometheus text format; behind the admin permission when auth is on. */
public final class MetricsRoute implements Route {
  private final Metrics metrics;

  public MetricsRoute(Metrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public HandlerType method() {
    return HandlerType.GET;
  }

  @Override
  public String path() {
    return "/metrics";
  }

  @Override
  public Permission permission() {
    return Permission.ADMIN;
  }

  @Override
  public void handle(Context ctx) {
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.render());
  }
}
