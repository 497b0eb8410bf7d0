package dev.mero4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mero4j.server.testing.Api;
import dev.mero4j.server.testing.FakeKvRuntime;
import dev.mero4j.server.testing.MutableClock;
import dev.mero4j.server.testing.SseClient;
import dev.mero4j.server.testing.TestNode;
import dev.mero4j.server.testing.WsClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthTest {
  static final String PASSWORD = "correct horse battery";

  MutableClock clock = new MutableClock();
  TestNode node;
  Api anonymous;

  @BeforeEach
  void start() {
    AdminCredential admin =
        AdminCredential.create("admin", PASSWORD.toCharArray(), 1000, new SecureRandom());
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    ApiServerConfig config =
        ApiServerConfig.loopback(0)
            .withAuth(ApiServerConfig.AuthSettings.of(admin, secret))
            .withLimits(ApiServerConfig.Limits.defaults().withAuthRate(6, 5));
    node = TestNode.start(config, clock);
    anonymous = node.api;
  }

  @AfterEach
  void stop() {
    node.close();
  }

  @Test
  void missingWrongAndExpiredTokensAre401WithAReason() {
    Api.Response missing = anonymous.get("/admin-api/contexts");
    assertThat(missing.status()).isEqualTo(401);
    assertThat(missing.error().get("data").get("reason").asText()).isEqualTo("missing");
    assertThat(missing.raw().headers().firstValue("WWW-Authenticate")).contains("Bearer");

    Api.Response garbage = anonymous.withToken("not.a.token").get("/admin-api/contexts");
    assertThat(garbage.status()).isEqualTo(401);
    assertThat(garbage.error().get("data").get("reason").asText()).isEqualTo("invalid");

    String token = login(null).get("accessToken").asText();
    assertThat(anonymous.withToken(token).get("/admin-api/contexts").status()).isEqualTo(200);
    clock.advance(Duration.ofHours(2));
    Api.Response expired = anonymous.withToken(token).get("/admin-api/contexts");
    assertThat(expired.status()).isEqualTo(401);
    assertThat(expired.error().get("data").get("reason").asText()).isEqualTo("expired");
  }

  @Test
  void forgedAndAlgNoneTokensAreRejected() {
    String token = login(null).get("accessToken").asText();
    String[] parts = token.split("\\.");
    String none =
        Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes());
    assertThat(anonymous.withToken(none + "." + parts[1] + ".").get("/admin-api/contexts").status())
        .isEqualTo(401);
    String tampered =
        parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];
    assertThat(anonymous.withToken(tampered).get("/admin-api/contexts").status()).isEqualTo(401);
    String refresh = login(null).get("refreshToken").asText();
    assertThat(anonymous.withToken(refresh).get("/admin-api/contexts").status())
        .as("a refresh token is no access token")
        .isEqualTo(401);
  }

  @Test
  void healthAndReadyStayPublic() {
    assertThat(anonymous.get("/admin-api/health").status()).isEqualTo(200);
    assertThat(anonymous.get("/admin-api/ready").status()).isEqualTo(200);
    assertThat(anonymous.get("/metrics").status()).isEqualTo(401);
  }

  @Test
  void permissionsAreEnforcedPerRouteGroup() {
    Api admin = anonymous.withToken(login(null).get("accessToken").asText());
    String context = admin.createKvContext();
    Api executeOnly =
        anonymous.withToken(login("[\"context:execute\"]").get("accessToken").asText());
    assertThat(executeOnly.execute(context, "len", "{}").json().get("result").get("output").asInt())
        .isZero();
    Api.Response forbidden = executeOnly.post("/admin-api/applications", FakeKvRuntime.KV_STORE);
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(forbidden.error().get("data").get("type").asText()).isEqualTo("Forbidden");
    Api appsOnly = anonymous.withToken(login("[\"application\"]").get("accessToken").asText());
    assertThat(appsOnly.get("/admin-api/applications").status()).isEqualTo(200);
    assertThat(appsOnly.execute(context, "len", "{}").status()).isEqualTo(403);
    assertThat(appsOnly.get("/admin-api/contexts").status()).isEqualTo(403);
  }

  @Test
  void refreshIssuesANewPairWithTheSamePermissions() {
    JsonNode pair = login("[\"context:execute\"]");
    Api.Response refreshed =
        anonymous.post(
            "/auth/refresh", "{\"refreshToken\":\"" + pair.get("refreshToken").asText() + "\"}");
    assertThat(refreshed.status()).isEqualTo(200);
    assertThat(refreshed.data().get("permissions").get(0).asText()).isEqualTo("context:execute");
    assertThat(
            anonymous
                .post(
                    "/auth/refresh",
                    "{\"refreshToken\":\"" + pair.get("accessToken").asText() + "\"}")
                .status())
        .isEqualTo(401);
  }

  @Test
  void bruteForceIsRateLimitedPerClient() {
    int unauthorized = 0;
    Api.Response last = null;
    for (int i = 0; i < 10; i++) {
      last =
          anonymous.post(
              "/auth/token", "{\"username\":\"admin\",\"password\":\"guess-" + i + "\"}");
      if (last.status() == 401) {
        unauthorized++;
      }
    }
    assertThat(unauthorized).isEqualTo(5);
    assertThat(last.status()).isEqualTo(429);
    assertThat(last.error().get("data").get("type").asText()).isEqualTo("RateLimited");
    clock.advance(Duration.ofMinutes(1));
    assertThat(
            anonymous
                .post("/auth/token", "{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}")
                .status())
        .isEqualTo(200);
  }

  @Test
  void webSocketAndSseTakeTheTokenFromHeaderOrQuery() throws Exception {
    String token = login(null).get("accessToken").asText();
    String context = anonymous.withToken(token).createKvContext();
    try (WsClient ws = WsClient.connect(node.url, "token=" + token, null)) {
      ws.send(
          "{\"id\":1,\"method\":\"subscribe\",\"params\":{\"contextIds\":[\"" + context + "\"]}}");
      assertThat(ws.next().get("id").asInt()).isEqualTo(1);
    }
    try (WsClient ws = WsClient.connect(node.url, null, "Bearer " + token)) {
      ws.send("{\"id\":2,\"method\":\"subscribe\",\"params\":{\"contextIds\":[]}}");
      assertThat(ws.next().get("id").asInt()).isEqualTo(2);
    }
    assertThatThrownBy(() -> WsClient.connect(node.url, null, null))
        .hasRootCauseMessage("Unexpected HTTP response status code 401");
    try (SseClient sse = SseClient.open(anonymous, "/sse?token=" + token, null)) {
      assertThat(sse.response.statusCode()).isEqualTo(200);
    }
    try (SseClient sse = SseClient.open(anonymous, "/sse", null)) {
      assertThat(sse.response.statusCode()).isEqualTo(401);
    }
  }

  @Test
  void authIsMandatoryOffLoopback() {
    ApiServerConfig open =
        new ApiServerConfig(
            "0.0.0.0", 0, java.util.Optional.empty(), ApiServerConfig.Limits.defaults());
    ApiServer server =
        new ApiServer(
            open,
            new FakeKvRuntime().applications(),
            new FakeKvRuntime().contexts(),
            TestNode.nodeInfo());
    assertThatThrownBy(server::start)
        .isInstanceOf(InsecureConfigException.class)
        .hasMessageContaining("auth");
  }

  @Test
  void authFileRoundTrips(@TempDir Path dir) {
    Path file = dir.resolve(AuthFile.FILE_NAME);
    AdminCredential admin =
        AdminCredential.create("ops", PASSWORD.toCharArray(), 1000, new SecureRandom());
    ApiServerConfig.AuthSettings written = AuthFile.create(file, admin, new SecureRandom());
    ApiServerConfig.AuthSettings read = AuthFile.load(file);
    assertThat(read.admin()).isEqualTo(admin);
    assertThat(read.jwtSecret()).isEqualTo(written.jwtSecret());
    assertThat(read.admin().matches("ops", PASSWORD.toCharArray())).isTrue();
    assertThat(read.admin().matches("ops", "wrong password".toCharArray())).isFalse();
  }

  private JsonNode login(String permissions) {
    String body =
        "{\"username\":\"admin\",\"password\":\""
            + PASSWORD
            + "\""
            + (permissions == null ? "" : ",\"permissions\":" + permissions)
            + "}";
    Api.Response response = anonymous.post("/auth/token", body);
    assertThat(response.status()).as(response.text()).isEqualTo(200);
    return response.data();
  }
}
