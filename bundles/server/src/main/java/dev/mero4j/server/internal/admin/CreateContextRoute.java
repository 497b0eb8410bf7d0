package dev.mero4j.server.internal.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.runtime.api.ContextService;
import dev.mero4j.runtime.api.CreatedContext;
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
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /admin-api/contexts} {@code {applicationId, initializationParams?}} → {@code
 * {contextId, memberPublicKey}}. Calimero's other creation fields are accepted and ignored.
 */
public final class CreateContextRoute implements Route {
  /** Calimero's cap on init params. */
  static final int MAX_INIT_PARAMS = 1024 * 1024;

  private static final Set<String> FIELDS =
      Set.of(
          "applicationId",
          "initializationParams",
          "protocol",
          "groupId",
          "contextSeed",
          "name",
          "serviceName",
          "identitySecret",
          "groupName");

  private final ContextService contexts;

  public CreateContextRoute(ContextService contexts) {
    this.contexts = contexts;
  }

  @Override
  public HandlerType method() {
    return HandlerType.POST;
  }

  @Override
  public String path() {
    return "/admin-api/contexts";
  }

  @Override
  public Permission permission() {
    return Permission.ADMIN;
  }

  @Override
  public void handle(Context ctx) {
    ObjectNode body = Json.parseObject(Bodies.read(ctx, MAX_INIT_PARAMS + 64 * 1024), FIELDS);
    ApplicationId app = Ids.application("applicationId", Json.text(body, "applicationId"));
    String params = initParams(body.get("initializationParams"));
    CreatedContext created = contexts.create(app, params);
    Responses.data(
        ctx,
        201,
        Map.of(
            "contextId", created.contextId().toBase58(),
            "memberPublicKey", created.memberPublicKey().toBase58()));
  }

  /** Missing, null or an empty array (Calimero's "no params") mean an empty object. */
  private static String initParams(JsonNode params) {
    if (params == null || params.isNull() || (params.isArray() && params.isEmpty())) {
      return "{}";
    }
    String text = params.toString();
    if (text.getBytes(StandardCharsets.UTF_8).length > MAX_INIT_PARAMS) {
      throw new ApiException(
          ErrorKind.LIMIT_EXCEEDED,
          "'initializationParams' larger than " + MAX_INIT_PARAMS + " bytes",
          Map.of("field", "initializationParams", "limit", MAX_INIT_PARAMS));
    }
    return text;
  }
}
