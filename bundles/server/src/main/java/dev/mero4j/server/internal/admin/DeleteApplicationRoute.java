package dev.mero4j.server.internal.admin;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.runtime.api.ApplicationRegistry;
import dev.mero4j.server.internal.http.Ids;
import dev.mero4j.server.internal.http.Permission;
import dev.mero4j.server.internal.http.Responses;
import dev.mero4j.server.internal.http.Route;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Map;

/** {@code DELETE /admin-api/applications/{appId}}: 409 while contexts run it. */
public final class DeleteApplicationRoute implements Route {
  private final ApplicationRegistry apps;

  public DeleteApplicationRoute(ApplicationRegistry apps) {
    this.apps = apps;
  }

  @Override
  public HandlerType method() {
    return HandlerType.DELETE;
  }

  @Override
  public String path() {
    return "/admin-api/applications/{appId}";
  }

  @Override
  public Permission permission() {
    return Permission.APPLICATION;
  }

  @Override
  public void handle(Context ctx) {
    ApplicationId id = Ids.application("appId", ctx.pathParam("appId"));
    apps.delete(id);
    Responses.data(ctx, Map.of("applicationId", id.toBase58()));
  }
}
