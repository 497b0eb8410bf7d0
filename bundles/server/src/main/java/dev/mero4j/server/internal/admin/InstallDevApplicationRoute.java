package dev.mero4j.server.internal.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mero4j.runtime.api.ApplicationInfo;
import dev.mero4j.runtime.api.ApplicationRegistry;
import dev.mero4j.server.internal.http.ApiException;
import dev.mero4j.server.internal.http.Bodies;
import dev.mero4j.server.internal.http.Json;
import dev.mero4j.server.internal.http.Permission;
import dev.mero4j.server.internal.http.Responses;
import dev.mero4j.server.internal.http.Route;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /admin-api/install-dev-application} {@code {path, metadata?}}: installs a local file.
 */
public final class InstallDevApplicationRoute implements Route {
  /** Calimero's cap on path length. */
  static final int MAX_PATH = 4096;

  private final ApplicationRegistry apps;
  private final ApplicationSources sources;

  public InstallDevApplicationRoute(ApplicationRegistry apps, int maxUploadBytes) {
    this.apps = apps;
    this.sources = new ApplicationSources(maxUploadBytes, Duration.ofSeconds(1));
  }

  @Override
  public HandlerType method() {
    return HandlerType.POST;
  }

  @Override
  public String path() {
    return "/admin-api/install-dev-application";
  }

  /** The node reads a file the caller names: only the operator may name one. */
  @Override
  public Permission permission() {
    return Permission.ADMIN;
  }

  @Override
  public void handle(Context ctx) {
    ObjectNode body =
        Json.parseObject(
            Bodies.read(ctx, InstallApplicationRoute.MAX_BODY), Set.of("path", "metadata"));
    String path = Json.text(body, "path");
    if (path.length() > MAX_PATH) {
      throw ApiException.invalidParams("path", "'path' longer than " + MAX_PATH);
    }
    ApplicationInfo installed = apps.install(sources.fromPath(path), path);
    Responses.data(ctx, Map.of("applicationId", installed.id().toBase58()));
  }
}
