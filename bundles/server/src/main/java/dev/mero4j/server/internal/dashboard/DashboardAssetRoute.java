package dev.mero4j.server.internal.dashboard;

import dev.mero4j.server.internal.http.ApiError;
import dev.mero4j.server.internal.http.ApiException;
import dev.mero4j.server.internal.http.ErrorKind;
import dev.mero4j.server.internal.http.Permission;
import dev.mero4j.server.internal.http.Route;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code GET /dashboard/assets/{name}}: the page's scripts and stylesheet, behind the same auth.
 */
public final class DashboardAssetRoute implements Route {
  private final Map<String, byte[]> files = new HashMap<>();

  public DashboardAssetRoute() {
    DashboardAssets.FILES.keySet().stream()
        .filter(name -> !name.endsWith(".html"))
        .forEach(name -> files.put(name, DashboardAssets.read(name)));
  }

  @Override
  public HandlerType method() {
    return HandlerType.GET;
  }

  @Override
  public String path() {
    return "/dashboard/assets/{name}";
  }

  @Override
  public Permission permission() {
    return Permission.ADMIN;
  }

  @Override
  public void handle(Context ctx) {
    String name = ctx.pathParam("name");
    byte[] bytes = files.get(name);
    if (bytes == null) {
      throw new ApiException(ErrorKind.NOT_FOUND, "no dashboard file '" + name + "'");
    }
    DashboardAssets.headers(ctx, DashboardAssets.FILES.get(name));
    ctx.result(bytes);
  }

  @Override
  public void writeError(Context ctx, ApiError error) {
    DashboardAssets.errorPage(ctx, error);
  }
}
