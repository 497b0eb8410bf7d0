package dev.mero4j.server.internal.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mero4j.runtime.api.ContextInfo;
import dev.mero4j.runtime.api.ContextService;
import dev.mero4j.server.internal.http.ApiException;
import dev.mero4j.server.internal.http.Json;
import dev.mero4j.server.internal.http.Permission;
import dev.mero4j.server.internal.http.Responses;
import dev.mero4j.server.internal.http.Route;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;

/**
 * {@code GET /admin-api/contexts}: {@code {"data":{"contexts":[…],"total":n}}}; with {@code
 * ?offset=&limit=} one page of them, in the order the node lists them.
 */
public final class ListContextsRoute implements Route {
  /** Largest page of contexts one call may ask for. */
  static final int MAX_LIMIT = 1000;

  private final ContextService contexts;

  public ListContextsRoute(ContextService contexts) {
    this.contexts = contexts;
  }

  @Override
  public HandlerType method() {
    return HandlerType.GET;
  }

  @Override
  public String path() {
    return "/admin-api/contexts";
  }

  @Override
  public Permission permission() {
    return Permission.ADMIN;
  }

  @Override
  public void handle(Context ctx) {
    ObjectNode data = Json.mapper().createObjectNode();
    ArrayNode list = data.putArray("contexts");
    List<ContextInfo> all = contexts.list();
    int offset = bounded(ctx, "offset", 0, Integer.MAX_VALUE, 0);
    int limit = bounded(ctx, "limit", 1, MAX_LIMIT, Integer.MAX_VALUE);
    all.stream().skip(offset).limit(limit).forEach(c -> list.add(AdminJson.context(c)));
    data.put("total", all.size());
    Responses.data(ctx, data);
  }

  private static int bounded(Context ctx, String name, int min, int max, int absent) {
    String text = ctx.queryParam(name);
    if (text == null) {
      return absent;
    }
    try {
      int value = Integer.parseInt(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw ApiException.invalidParams(
        name, "'" + name + "' must be an integer from " + min + " to " + max);
  }
}
