package dev.mero4j.server.internal.dashboard;

import dev.mero4j.server.internal.http.ApiError;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The dashboard's files, packaged as resources of this bundle at build time; no CDN, no build step.
 */
final class DashboardAssets {
  /** The files served under {@code /dashboard/assets/}, with their media types. */
  static final Map<String, String> FILES =
      Map.of(
          "app.js", "text/javascript; charset=utf-8",
          "api.js", "text/javascript; charset=utf-8",
          "dag.js", "text/javascript; charset=utf-8",
          "panels.js", "text/javascript; charset=utf-8",
          "travel.js", "text/javascript; charset=utf-8",
          "style.css", "text/css; charset=utf-8",
          "index.html", "text/html; charset=utf-8");

  /** What a token that reaches the page looks like (a JWT); anything else is never echoed. */
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_.-]{1,4096}");

  /**
   * Same-origin everything, no inline script, no framing, no referrer (the URL may hold a token).
   */
  private static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private DashboardAssets() {}

  static byte[] read(String name) {
    try (InputStream in = DashboardAssets.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("dashboard resource missing from the bundle: " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The query that carries the caller's token to the page's own files, or nothing. */
  static String tokenQuery(Context ctx) {
    String token = ctx.queryParam("token");
    return token != null && TOKEN.matcher(token).matches() ? "?token=" + token : "";
  }

  static void headers(Context ctx, String type) {
    ctx.header("Content-Type", type);
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Cache-Control", "no-store");
  }

  /** A failure as a small page a person can read: the status, the reason, what to do; no data. */
  static void errorPage(Context ctx, ApiError error) {
    int status = error.kind().httpStatus();
    String hint =
        status == 401 || status == 403
            ? "<p>The dashboard needs an access token with the <code>admin</code> permission: "
                + "open <code>/dashboard?token=&lt;access token&gt;</code> (see docs/api.md, "
                + "<code>POST /auth/token</code>).</p>"
            : "";
    String html =
        "<!doctype html><meta charset=utf-8><title>"
            + status
            + " "
            + error.kind().detail()
            + "</title><h1>"
            + status
            + " "
            + escape(error.kind().detail())
            + "</h1><p>"
            + escape(error.message())
            + "</p>"
            + hint;
    if (status == 401) {
      ctx.header("WWW-Authenticate", "Bearer");
    }
    headers(ctx, "text/html; charset=utf-8");
    ctx.status(status).result(html);
  }

  static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
