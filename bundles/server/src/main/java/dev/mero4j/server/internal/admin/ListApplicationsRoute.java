package dev.mero4j.server.internal.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mero4j.runtime.api.ApplicationRegistry;
import dev.mero4j.server.internal.http.Json;
import dev.mero4j.server.internal.http.Permission;
import dev.mero4j.server.internal.http.Responses;
import dev.mero4j.server.internal.http.Route;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/** {@code GET /admin-api/applications}: {@code {"data":{"apps":[…]}}}. */
public final class ListApplicationsRoute implements Route {
  private final ApplicationRegistry apps;

  public ListApplicationsRoute(ApplicationRegistry apps) {
    this.apps = apps;
  }

  @Override
  public HandlerType method() {
    return HandlerType.GET;
  }

  @Override
  public String path() {
    return "/admin-api/applications";
  }

  @Override
  public Permission permission() {
    return Permission.APPLICATION;
  }

  @Override
  public void handle(Context ctx) {
    ObjectNode data = Json.mapper().createObjectNode();
    ArrayNode list = data.putArray("apps");
    apps.list().forEach(app -> list.add(AdminJson.application(app)));
    Responses.data(ctx, data);
  }
}
