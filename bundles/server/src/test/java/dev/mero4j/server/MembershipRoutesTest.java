package dev.mero4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mero4j.server.testing.Api;
import dev.mero4j.server.testing.TestNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The membership routes: shapes, defaults, and every typed refusal mapped to its HTTP status and
 * type.
 */
class MembershipRoutesTest {
  private TestNode node;
  private Api api;
  private String context;

  @BeforeEach
  void start() {
    node = TestNode.start();
    api = node.api;
    context = api.createKvContext();
  }

  @AfterEach
  void stop() {
    node.close();
  }

  @Test
  void inviteJoinListSetRoleAndRemove() {
    Api.Response invited =
        api.post(invitations(), "{\"role\":\"read-only\",\"expiresInSeconds\":3600}");
    assertThat(invited.status()).isEqualTo(201);
    assertThat(invited.data().get("role").asText()).isEqualTo("read-only");
    assertThat(invited.data().get("expiresInSeconds").asLong()).isEqualTo(3600);
    String invitation = invited.data().get("invitation").asText();

    Api.Response joined = api.post("/admin-api/contexts/join", body("invitation", invitation));
    assertThat(joined.status()).isEqualTo(201);
    assertThat(joined.data().get("contextId").asText()).isEqualTo(context);
    String member = joined.data().get("memberPublicKey").asText();

    JsonNode members = api.get(members()).data().get("members");
    assertThat(members).hasSize(2);
    assertThat(members.get(0).get("role").asText()).isEqualTo("admin");
    assertThat(members.get(0).get("local").asBoolean()).isTrue();
    assertThat(members.get(1).get("publicKey").asText()).isEqualTo(member);
    assertThat(members.get(1).get("role").asText()).isEqualTo("read-only");

    Api.Response role =
        api.send("PUT", members() + "/" + member + "/role", "{\"role\":\"member\"}");
    assertThat(role.status()).isEqualTo(200);
    assertThat(api.get(members()).data().get("members").get(1).get("role").asText())
        .isEqualTo("member");

    assertThat(api.delete(members() + "/" + member).data().get("isRemoved").asBoolean()).isTrue();
    assertThat(api.get(members()).data().get("members")).hasSize(1);
    Api.Response again = api.delete(members() + "/" + member);
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.error().get("data").get("type").asText()).isEqualTo("MemberNotFound");
  }

  @Test
  void invitationDefaultsToMemberForSevenDays() {
    Api.Response invited = api.post(invitations(), "");
    assertThat(invited.status()).isEqualTo(201);
    assertThat(invited.data().get("role").asText()).isEqualTo("member");
    assertThat(invited.data().get("expiresInSeconds").asLong()).isEqualTo(7 * 24 * 3600);
  }

  @Test
  void refusedInvitationsSayWhy() {
    String invitation = api.post(invitations(), "{}").data().get("invitation").asText();
    assertThat(api.post("/admin-api/contexts/join", body("invitation", invitation)).status())
        .isEqualTo(201);
    Api.Response reused = api.post("/admin-api/contexts/join", body("invitation", invitation));
    assertThat(reused.status()).isEqualTo(400);
    assertThat(reused.error().get("data").get("type").asText()).isEqualTo("InvitationRefused");
    assertThat(reused.error().get("data").get("reason").asText()).isEqualTo("REUSED");

    Api.Response malformed = api.post("/admin-api/contexts/join", body("invitation", "hello"));
    assertThat(malformed.error().get("data").get("reason").asText()).isEqualTo("MALFORMED");

    String revoked = api.post(invitations(), "{}").data().get("invitation").asText();
    Api.Response revoke =
        api.delete(invitations() + "/" + URLEncoder.encode(revoked, StandardCharsets.UTF_8));
    assertThat(revoke.status()).isEqualTo(200);
    assertThat(
            api.post("/admin-api/contexts/join", body("invitation", revoked))
                .error()
                .get("data")
                .get("reason")
                .asText())
        .isEqualTo("REVOKED");
  }

  @Test
  void badRequestsAreClearErrors() {
    assertThat(api.post(invitations(), "{\"role\":\"owner\"}").status()).isEqualTo(400);
    assertThat(api.post(invitations(), "{\"expiresInSeconds\":0}").status()).isEqualTo(400);
    assertThat(api.post(invitations(), "{\"expiresInSeconds\":\"soon\"}").status()).isEqualTo(400);
    assertThat(api.post(invitations(), "{\"invitee\":\"not-a-key\"}").status()).isEqualTo(400);
    assertThat(api.post(invitations(), "{\"surprise\":1}").status()).isEqualTo(400);
    assertThat(api.post("/admin-api/contexts/join", "{}").status()).isEqualTo(400);
    assertThat(api.post("/admin-api/contexts/join", "x".repeat(40_000)).status()).isEqualTo(413);
    Api.Response unknown = api.get("/admin-api/contexts/11111111111111111111111111111111/members");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.error().get("data").get("type").asText()).isEqualTo("ContextNotFound");
  }

  private String invitations() {
    return "/admin-api/contexts/" + context + "/invitations";
  }

  private String members() {
    return "/admin-api/contexts/" + context + "/members";
  }

  private static String body(String field, String value) {
    return Api.JSON.createObjectNode().put(field, value).toString();
  }
}
