package dev.mero4j.server.internal.http;

import dev.mero4j.server.internal.auth.Authenticator;
import dev.mero4j.server.internal.auth.Caller;
import dev.mero4j.server.internal.metrics.Metrics;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.function.LongSupplier;

/**
 * Runs a route: refuse what a foreign web page could send, authenticate, handle, map any failure to
 * the route's error shape, record metrics.
 */
public final class RouteRunner {
  private final BrowserGuard guard;
  private final Authenticator auth;
  private final Metrics metrics;
  private final LongSupplier ticker;

  public RouteRunner(BrowserGuard guard, Authenticator auth, Metrics metrics, LongSupplier ticker) {
    this.guard = guard;
    this.auth = auth;
    this.metrics = metrics;
    this.ticker = ticker;
  }

  public Handler wrap(Route route) {
    String method = route.method().name();
    return ctx -> {
      long start = ticker.getAsLong();
      try {
        String origin = ctx.header("Origin");
        guard.check(ctx.header("Host"), origin, ctx.header("Sec-Fetch-Site"));
        Cors.allowOrigin(ctx, origin);
        BrowserGuard.checkBody(
            method,
            ctx.header("Content-Type"),
            ctx.req().getContentLengthLong(),
            "chunked".equalsIgnoreCase(ctx.header("Transfer-Encoding")),
            route.bodyType());
        Caller caller =
            auth.authenticate(
                ctx.header("Authorization"), ctx.queryParam("token"), ctx.ip(), route.permission());
        ctx.attribute(Caller.class.getName(), caller);
        route.handle(ctx);
      } catch (Exception e) {
        fail(ctx, route, e);
      } finally {
        metrics.request(route.path(), method, ctx.statusCode(), ticker.getAsLong() - start);
      }
    };
  }

  private void fail(Context ctx, Route route, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    ApiError error = ErrorMapper.map(e);
    metrics.error(error.kind().detail());
    if (!ctx.res().isCommitted()) {
      route.writeError(ctx, error);
    }
  }
}
