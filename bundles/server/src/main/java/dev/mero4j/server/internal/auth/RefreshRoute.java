package dev.mero4j.server.internal.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mero4j.server.internal.http.Bodies;
import dev.mero4j.server.internal.http.Json;
import dev.mero4j.server.internal.http.Permission;
import dev.mero4j.server.internal.http.Responses;
import dev.mero4j.server.internal.http.Route;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /auth/refresh} {@code {refreshToken}}: a new token pair with the same permissions.
 */
public final class RefreshRoute implements Route {
  private final Optional<TokenIssuer> issuer;
  private final TokenBucketLimiter limiter;
  private final Authenticator authenticator;

  public RefreshRoute(
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
    return "/auth/refresh";
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
        Json.parseObject(Bodies.read(ctx, TokenRoute.MAX_BODY), Set.of("refreshToken"));
    Jwt.Claims claims = tokens.jwt().verify(Json.text(body, "refreshToken"), Authenticator.REFRESH);
    Responses.data(ctx, tokens.pair(claims.subject(), List.copyOf(claims.permissions())));
  }
}
