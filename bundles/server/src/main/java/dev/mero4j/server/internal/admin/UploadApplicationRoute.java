package dev.mero4j.server.internal.admin;

import dev.mero4j.runtime.api.ApplicationInfo;
import dev.mero4j.runtime.api.ApplicationRegistry;
import dev.mero4j.server.internal.http.ApiException;
import dev.mero4j.server.internal.http.Bodies;
import dev.mero4j.server.internal.http.ErrorKind;
import dev.mero4j.server.internal.http.Permission;
import dev.mero4j.server.internal.http.Responses;
import dev.mero4j.server.internal.http.Route;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Map;

/**
 * {@code POST /admin-api/applications}: installs the raw body (a {@code .wasm} module or an
 * application bundle); {@code ?source=NAME} records where it came from.
 */
public final class UploadApplicationRoute implements Route {
  private final ApplicationRegistry apps;
  private final int maxUploadBytes;

  public UploadApplicationRoute(ApplicationRegistry apps, int maxUploadBytes) {
    this.apps = apps;
    this.maxUploadBytes = maxUploadBytes;
  }

  @Override
  public HandlerType method() {
    return HandlerType.POST;
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
  public String bodyType() {
    return "application/octet-stream";
  }

  @Override
  public void handle(Context ctx) {
    byte[] bytes = Bodies.read(ctx, maxUploadBytes);
    if (bytes.length == 0) {
      throw new ApiException(
          ErrorKind.INVALID_PARAMS, "empty upload; send the application bytes as the body");
    }
    String source = ctx.queryParam("source");
    ApplicationInfo installed =
        apps.install(bytes, source == null || source.isBlank() ? "upload" : "upload:" + source);
    Responses.data(ctx, 201, Map.of("applicationId", installed.id().toBase58()));
  }
}
