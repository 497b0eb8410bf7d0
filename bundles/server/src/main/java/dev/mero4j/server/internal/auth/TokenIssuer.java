package dev.mero4j.server.internal.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mero4j.server.ApiServerConfig;
import dev.mero4j.server.internal.http.Json;
import java.util.List;

/** Mints access and refresh token pairs for a subject and its permissions. */
public final class TokenIssuer {
  private final ApiServerConfig.AuthSettings settings;
  private final Jwt jwt;

  public TokenIssuer(ApiServerConfig.AuthSettings settings, Jwt jwt) {
    this.settings = settings;
    this.jwt = jwt;
  }

  /** {@code {accessToken, refreshToken, tokenType, expiresIn, permissions}}. */
  public ObjectNode pair(String subject, List<String> permissions) {
    ObjectNode data = Json.mapper().createObjectNode();
    data.put(
        "accessToken",
        jwt.issue(subject, permissions, Authenticator.ACCESS, settings.accessTokenTtl()));
    data.put(
        "refreshToken",
        jwt.issue(subject, permissions, Authenticator.REFRESH, settings.refreshTokenTtl()));
    data.put("tokenType", "Bearer");
    data.put("expiresIn", settings.accessTokenTtl().toSeconds());
    permissions.forEach(data.putArray("permissions")::add);
    return data;
  }

  public Jwt jwt() {
    return jwt;
  }

  public ApiServerConfig.AuthSettings settings() {
    return settings;
  }
}
