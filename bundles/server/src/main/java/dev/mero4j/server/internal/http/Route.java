package dev.mero4j.server.internal.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/** One HTTP route: its method, Javalin path, required permission and handler. */
public interface Route {
  HandlerType method();

  /** Full path with {@code {param}} placeholders, e.g. {@code /admin-api/contexts/{contextId}}. */
  String path();

  Permission permission();

  void handle(Context ctx) throws Exception;

  /** Media type a body sent to this route must declare, when it has one. */
  default String bodyType() {
    return Responses.JSON_TYPE;
  }

  /** Writes a failure of this route; REST routes answer {@code {"error": …}}. */
  default void writeError(Context ctx, ApiError error) {
    Responses.error(ctx, error);
  }
}
