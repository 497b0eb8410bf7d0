package dev.mero4j.server.internal.admin;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.runtime.api.ApplicationRegistry;
import dev.mero4j.runtime.api.UnknownApplicationException;
import dev.mero4j.server.internal.http.Ids;
import dev.mero4j.server.internal.http.Permission;
import dev.mero4j.server.internal.http.Responses;
import dev.mero4j.server.internal.http.Route;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/**
 * {@code GET /admin-api/applications/{appId}/abi}: the methods and events the application declares.
 */
public final class ApplicationAbiRoute implements Route {
  private final ApplicationRegistry apps;

  public ApplicationAbiRoute(ApplicationRegistry apps) {
    this.apps = apps;
  }

  @Override
  public HandlerType method() {
    return HandlerType.GET;
  }

  @Override
  public String path() {
    return "/admin-api/applications/{appId}/abi";
  }

  @Override
  public Permission permission() {
    return Permission.APPLICATION;
  }

  @Override
  public void handle(Context ctx) {
    ApplicationId id = Ids.application("appId", ctx.pathParam("appId"));
    Responses.data(
        ctx,
        AdminJson.abi(
            apps.get(id)
                .orElseThrow(
                    () -> new UnknownApplicationException("application " + id + " not found"))
                .abi()));
  }
}
