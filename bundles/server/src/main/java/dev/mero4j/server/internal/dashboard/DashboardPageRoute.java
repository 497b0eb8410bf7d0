package dev.mero4j.server.internal.dashboard;

import dev.mero4j.server.internal.http.ApiError;
import dev.mero4j.server.internal.http.Permission;
import dev.mero4j.server.internal.http.Route;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /dashboard}: the operator's page. With auth on it needs an admin token like the admin
 * API (a browser passes it as {@code ?token=}); a missing or wrong one gets a 401 page and nothing
 * else. The page's own files are linked with the same token.
 */
public final class DashboardPageRoute implements Route {
  private final String template =
      new String(DashboardAssets.read("index.html"), StandardCharsets.UTF_8);

  @Override
  public HandlerType method() {
    return HandlerType.GET;
  }

  @Override
  public String path() {
    return "/dashboard";
  }

  @Override
  public Permission permission() {
    return Permission.ADMIN;
  }

  @Override
  public void handle(Context ctx) {
    DashboardAssets.headers(ctx, "text/html; charset=utf-8");
    ctx.result(template.replace("%QUERY%", DashboardAssets.tokenQuery(ctx)));
  }

  @Override
  public void writeError(Context ctx, ApiError error) {
    DashboardAssets.errorPage(ctx, error);
  }
}
