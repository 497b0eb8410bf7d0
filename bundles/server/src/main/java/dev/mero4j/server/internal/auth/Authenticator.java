package dev.mero4j.server.internal.auth;

import dev.mero4j.server.ApiServerConfig;
import dev.mero4j.server.internal.http.ApiException;
import dev.mero4j.server.internal.http.ErrorKind;
import dev.mero4j.server.internal.http.Permission;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether a request may use a route: with auth off everyone is the local operator; with
 * auth on a valid access token granting the route's permission is required, and repeated failures
 * from one IP are rate limited.
 */
public final class Authenticator {
  public static final String ACCESS = "access";
  public static final String REFRESH = "refresh";

  private final Optional<ApiServerConfig.AuthSettings> settings;
  private final Optional<Jwt> jwt;
  private final TokenBucketLimiter failures;

  public Authenticator(
      Optional<ApiServerConfig.AuthSettings> settings,
      Optional<Jwt> jwt,
      TokenBucketLimiter failures) {
    this.settings = settings;
    this.jwt = jwt;
    this.failures = failures;
  }

  public boolean enabled() {
    return settings.isPresent();
  }

  /**
   * Authenticates from an {@code Authorization: Bearer} header or, for browsers opening a WebSocket
   * or an EventSource, a {@code token} query parameter.
   */
  public Caller authenticate(
      String authorization, String queryToken, String ip, Permission required) {
    if (required == Permission.PUBLIC || jwt.isEmpty()) {
      return Caller.LOCAL;
    }
    String token = bearer(authorization).orElse(queryToken);
    if (token == null || token.isEmpty()) {
      throw new ApiException(
          ErrorKind.UNAUTHENTICATED,
          "missing token; send Authorization: Bearer <token>",
          Map.of("reason", "missing"));
    }
    Jwt.Claims claims;
    try {
      claims = jwt.get().verify(token, ACCESS);
    } catch (ApiException e) {
      if (!failures.tryAcquire(ip)) {
        throw rateLimited(ip);
      }
      throw e;
    }
    Caller caller = new Caller(claims.subject(), claims.permissions());
    if (!caller.allows(required)) {
      throw new ApiException(
          ErrorKind.FORBIDDEN,
          "token lacks permission '" + required.claim() + "'",
          Map.of("required", required.claim()));
    }
    return caller;
  }

  public ApiException rateLimited(String ip) {
    long retry = Math.max(1, (failures.retryAfterMillis(ip) + 999) / 1000);
    return new ApiException(
        ErrorKind.RATE_LIMITED,
        "too many attempts; retry in " + retry + " s",
        Map.of("retryAfterSeconds", retry));
  }

  private static Optional<String> bearer(String authorization) {
    if (authorization == null) {
      return Optional.empty();
    }
    String trimmed = authorization.trim();
    if (trimmed.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.of(trimmed.substring(7).trim());
    }
    return Optional.empty();
  }
}
