package dev.mero4j.server.internal.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mero4j.primitives.Hash;
import dev.mero4j.runtime.api.ApplicationInfo;
import dev.mero4j.runtime.api.ApplicationRegistry;
import dev.mero4j.server.internal.http.ApiException;
import dev.mero4j.server.internal.http.Bodies;
import dev.mero4j.server.internal.http.ErrorKind;
import dev.mero4j.server.internal.http.Ids;
import dev.mero4j.server.internal.http.Json;
import dev.mero4j.server.internal.http.Permission;
import dev.mero4j.server.internal.http.Responses;
import dev.mero4j.server.internal.http.Route;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code POST /admin-api/install-application} {@code {url, hash?, metadata?}}: downloads (admin
 * only, http(s) only, under the size cap and deadline), checks the bytes against {@code hash}
 * (base58 SHA-256) and installs.
 */
public final class InstallApplicationRoute implements Route {
  /** Calimero's caps on URL length and metadata size. */
  static final int MAX_URL = 2048;

  static final int MAX_BODY = 64 * 1024 + 4096;

  private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

  private final ApplicationRegistry apps;
  private final ApplicationSources sources;

  public InstallApplicationRoute(ApplicationRegistry apps, int maxBytes, Duration deadline) {
    this.apps = apps;
    this.sources = new ApplicationSources(maxBytes, deadline);
  }

  @Override
  public HandlerType method() {
    return HandlerType.POST;
  }

  @Override
  public String path() {
    return "/admin-api/install-application";
  }

  /** The node fetches what the caller names: only the operator may point it at a URL. */
  @Override
  public Permission permission() {
    return Permission.ADMIN;
  }

  @Override
  public void handle(Context ctx) {
    ObjectNode body =
        Json.parseObject(Bodies.read(ctx, MAX_BODY), Set.of("url", "hash", "metadata"));
    String url = Json.text(body, "url");
    if (url.length() > MAX_URL) {
      throw ApiException.invalidParams("url", "'url' longer than " + MAX_URL);
    }
    Optional<Hash> expected =
        body.hasNonNull("hash")
            ? Optional.of(expectedHash(Json.text(body, "hash")))
            : Optional.empty();
    byte[] bytes = sources.fromUrl(url);
    if (expected.isPresent()) {
      Hash actual = Hash.sha256(bytes);
      if (!actual.equals(expected.get())) {
        throw new ApiException(
            ErrorKind.INVALID_APPLICATION,
            "the downloaded bytes hash to "
                + actual.toBase58()
                + ", not the expected "
                + expected.get().toBase58()
                + "; nothing was installed",
            Map.of("expected", expected.get().toBase58(), "actual", actual.toBase58()));
      }
    }
    ApplicationInfo installed = apps.install(bytes, url);
    Responses.data(ctx, Map.of("applicationId", installed.id().toBase58()));
  }

  /** Base58, as every hash of the API, or the 64 hex digits {@code sha256sum} prints. */
  private static Hash expectedHash(String text) {
    return HEX_SHA256.matcher(text).matches() ? Hash.fromHex(text) : Ids.hash("hash", text);
  }
}
