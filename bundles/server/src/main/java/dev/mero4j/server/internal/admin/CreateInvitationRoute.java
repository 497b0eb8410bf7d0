package dev.mero4j.server.internal.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.runtime.api.ContextService;
import dev.mero4j.runtime.api.InvalidArgumentsException;
import dev.mero4j.runtime.api.MemberRole;
import dev.mero4j.server.internal.http.Bodies;
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

/**
 * {@code POST /admin-api/contexts/{contextId}/invitations} {@code {role?, expiresInSeconds?,
 * invitee?}} → {@code {invitation}}: a signed, expiring invitation text; nothing is published.
 */
public final class CreateInvitationRoute implements Route {
  /** Default validity of an invitation, as the CLI's {@code --expires}. */
  static final Duration DEFAULT_VALIDITY = Duration.ofDays(7);

  /** Longest validity accepted: an invitation is a bearer credential. */
  static final Duration MAX_VALIDITY = Duration.ofDays(365);

  private static final int MAX_BODY = 4096;
  private static final Set<String> FIELDS = Set.of("role", "expiresInSeconds", "invitee");

  private final ContextService contexts;

  public CreateInvitationRoute(ContextService contexts) {
    this.contexts = contexts;
  }

  @Override
  public HandlerType method() {
    return HandlerType.POST;
  }

  @Override
  public String path() {
    return "/admin-api/contexts/{contextId}/invitations";
  }

  @Override
  public Permission permission() {
    return Permission.ADMIN;
  }

  @Override
  public void handle(Context ctx) {
    ContextId id = Ids.context("contextId", ctx.pathParam("contextId"));
    byte[] raw = Bodies.read(ctx, MAX_BODY);
    ObjectNode body =
        raw.length == 0 ? Json.mapper().createObjectNode() : Json.parseObject(raw, FIELDS);
    MemberRole role =
        body.hasNonNull("role") ? MemberRole.parse(Json.text(body, "role")) : MemberRole.MEMBER;
    Duration validity = validity(body.get("expiresInSeconds"));
    Optional<PublicKey> invitee =
        body.hasNonNull("invitee")
            ? Optional.of(Ids.publicKey("invitee", Json.text(body, "invitee")))
            : Optional.empty();
    String invitation = contexts.invite(id, role, validity, invitee);
    Responses.data(
        ctx,
        201,
        Map.of(
            "invitation",
            invitation,
            "role",
            role.label(),
            "expiresInSeconds",
            validity.toSeconds()));
  }

  private static Duration validity(JsonNode seconds) {
    if (seconds == null || seconds.isNull()) {
      return DEFAULT_VALIDITY;
    }
    if (!seconds.canConvertToLong()
        || seconds.asLong() <= 0
        || seconds.asLong() > MAX_VALIDITY.toSeconds()) {
      throw new InvalidArgumentsException(
          "'expiresInSeconds' must be a whole number of seconds from 1 to "
              + MAX_VALIDITY.toSeconds());
    }
    return Duration.ofSeconds(seconds.asLong());
  }
}
