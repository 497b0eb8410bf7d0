package dev.mero4j.server.internal.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mero4j.runtime.api.ApplicationInfo;
import dev.mero4j.runtime.api.ApplicationRegistry;
import dev.mero4j.server.internal.http.Bodies;
import dev.mero4j.server.internal.http.Json;
import dev.mero4j.server.internal.http.Permission;
import dev.mero4j.server.internal.http.Responses;
import dev.mero4j.server.internal.http.Route;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Map;
import java.util.Set;

/** {@code POST /admin-api/install-application} {@code {url, metadata?}}: downloads and installs. */
public final class InstallApplicationRoute implements Route {
  /** Calimero's caps on URL length and metadata size. */
  static final int MAX_URL = 2048;

  static final int MAX_BODY = 64 * 1024 + 4096;

  private final ApplicationRegistry apps;
  private final ApplicationSources sources;

  public InstallApplicationRoute(ApplicationRegistry apps, int maxUploadBytes) {
    this.apps = apps;
    this.sources = new ApplicationSources(maxUploadBytes);
  }

  @Override
  public HandlerType method() {
    return HandlerType.POST;
  }

  @Override
  public String path() {
    return "/admin-api/install-application";
  }

  @Override
  public Permission permission() {
    return Permission.APPLICATION;
  }

  @Override
  public void handle(Context ctx) {
    ObjectNode body =
        Json.parseObject(Bodies.read(ctx, MAX_BODY), Set.of("url", "hash", "metadata"));
    String url = Json.text(body, "url");
    if (url.length() > MAX_URL) {
      throw dev.mero4j.server.internal.http.ApiException.invalidParams(
          "url", "'url' longer than " + MAX_URL);
    }
    ApplicationInfo installed = apps.install(sources.fromUrl(url), url);
    Responses.data(ctx, Map.of("applicationId", installed.id().toBase58()));
  }
}
