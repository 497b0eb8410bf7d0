package dev.mero4j.server.internal.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * CORS for the origins the {@link BrowserGuard} lets through: a preflight ({@code OPTIONS}) from
 * such an origin is granted the API's methods and request headers, one from any other origin or
 * host is refused with no {@code Access-Control-Allow-*} header, and each answer to an allowed
 * origin names it so its page may read the response. No credentials are ever allowed: the API's
 * only credential is a bearer token the page must send itself.
 */
public final class Cors implements Handler {
  /** Methods the API's routes use. */
  static final String METHODS = "GET, POST, PUT, DELETE";

  /** Request headers a page may send beyond the CORS-safelisted ones. */
  static final String REQUEST_HEADERS = "Authorization, Content-Type, Last-Event-ID";

  /** Response headers a page may read beyond the CORS-safelisted ones. */
  static final String EXPOSED_HEADERS = "WWW-Authenticate, X-Auth-Error";

  /** Seconds a browser may cache a granted preflight. */
  static final int MAX_AGE_SECONDS = 600;

  private final BrowserGuard guard;

  public Cors(BrowserGuard guard) {
    this.guard = guard;
  }

  /** Answers an {@code OPTIONS} request on any path. */
  @Override
  public void handle(Context ctx) {
    String origin = ctx.header("Origin");
    try {
      guard.check(ctx.header("Host"), origin, ctx.header("Sec-Fetch-Site"));
    } catch (ApiException e) {
      Responses.error(ctx, ErrorMapper.map(e));
      return;
    }
    ctx.header("Allow", METHODS + ", OPTIONS");
    if (origin != null && ctx.header("Access-Control-Request-Method") != null) {
      allowOrigin(ctx, origin);
      ctx.header("Access-Control-Allow-Methods", METHODS);
      ctx.header("Access-Control-Allow-Headers", REQUEST_HEADERS);
      ctx.header("Access-Control-Max-Age", Integer.toString(MAX_AGE_SECONDS));
      ctx.header("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
      if ("true".equalsIgnoreCase(ctx.header("Access-Control-Request-Private-Network"))) {
        ctx.header("Access-Control-Allow-Private-Network", "true");
      }
    }
    ctx.status(204);
  }

  /**
   * Names {@code origin} (already checked by the guard) as allowed to read this response; nothing
   * for a request without one.
   */
  public static void allowOrigin(Context ctx, String origin) {
    if (origin == null) {
      return;
    }
    ctx.header("Access-Control-Allow-Origin", origin);
    ctx.header("Access-Control-Expose-Headers", EXPOSED_HEADERS);
    ctx.header("Vary", "Origin");
  }
}
