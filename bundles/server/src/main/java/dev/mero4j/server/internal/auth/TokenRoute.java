package dev.mero4j.server.internal.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mero4j.server.internal.http.ApiException;
import dev.mero4j.server.internal.http.Bodies;
import dev.mero4j.server.internal.http.ErrorKind;
import dev.mero4j.server.internal.http.Json;
import dev.mero4j.server.internal.http.Permission;
import dev.mero4j.server.internal.http.Responses;
import dev.mero4j.server.internal.http.Route;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /auth/token} {@code {username, password, permissions?}}: checks the admin credential
 * and returns a token pair, narrowed to {@code permissions} when given. Rate limited per client IP.
 */
public final class TokenRoute implements Route {
  static final int MAX_BODY = 4096;

  private final Optional<TokenIssuer> issuer;
  private final TokenBucketLimiter limiter;
  private final Authenticator authenticator;

  public TokenRoute(
      Optional<TokenIssuer> issuer, TokenBucketLimiter limiter, Authenticator authenticator) {
    this.issuer = issuer;
    this.limiter = limiter;
    this.authenticator = authenticator;
  }

  @Override
  public HandlerType method() {
    return HandlerType.POST;
  }

  @Override
  public String path() {
    return "/auth/token";
  }

  @Override
  public Permission permission() {
    return Permission.PUBLIC;
  }

  @Override
  public void handle(Context ctx) {
    TokenIssuer tokens = issuer.orElseThrow(TokenRoute::authOff);
    if (!limiter.tryAcquire(ctx.ip())) {
      throw authenticator.rateLimited(ctx.ip());
    }
    ObjectNode body =
        Json.parseObject(Bodies.read(ctx, MAX_BODY), Set.of("username", "password", "permissions"));
    String user = Json.text(body, "username");
    char[] password = Json.text(body, "password").toCharArray();
    if (!tokens.settings().admin().matches(user, password)) {
      throw new ApiException(
          ErrorKind.UNAUTHENTICATED,
          "wrong user name or password",
          Map.of("reason", "credentials"));
    }
    Responses.data(ctx, tokens.pair(user, permissions(body.get("permissions"))));
  }

  private static List<String> permissions(JsonNode requested) {
    if (requested == null || requested.isNull()) {
      return List.of(Permission.ADMIN.claim());
    }
    if (!requested.isArray() || requested.isEmpty()) {
      throw ApiException.invalidParams(
          "permissions", "'permissions' must be a non-empty array of strings");
    }
    List<String> result = new ArrayList<>();
    for (JsonNode item : requested) {
      if (!item.isTextual()) {
        throw ApiException.invalidParams(
            "permissions", "'permissions' must be a non-empty array of strings");
      }
      result.add(Permission.fromClaim(item.textValue()).claim());
    }
    return List.copyOf(new java.util.LinkedHashSet<>(result));
  }

  static ApiException authOff() {
    return new ApiException(ErrorKind.NOT_FOUND, "auth is off on this node; no token is needed");
  }
}
