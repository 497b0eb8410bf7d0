package dev.mero4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mero4j.server.testing.Api;
import dev.mero4j.server.testing.SseClient;
import dev.mero4j.server.testing.TestNode;
import org.junit.jupiter.api.Test;

class SseTest {
  @Test
  void resumeAfterADroppedConnectionDeliversTheMissedEvents() throws Exception {
    try (TestNode node = TestNode.start()) {
      Api api = node.api;
      String context = api.createKvContext();
      String session;
      String lastId;
      try (SseClient sse = SseClient.open(api, "/sse", null)) {
        assertThat(sse.response.statusCode()).isEqualTo(200);
        SseClient.Event connect = sse.next();
        JsonNode connectData = Api.parse(connect.data());
        assertThat(connectData.get("type").asText()).isEqualTo("connect");
        session = connectData.get("session_id").asText();
        assertThat(sse.response.headers().firstValue("X-SSE-Session-ID")).contains(session);

        Api.Response subscribed =
            api.post(
                "/sse/subscription",
                "{\"id\":\""
                    + session
                    + "\",\"method\":\"subscribe\",\"params\":{\"contextIds\":[\""
                    + context
                    + "\"]}}");
        assertThat(subscribed.json().get("result").get("status").asText()).isEqualTo("subscribed");

        api.execute(context, "set", "{\"key\":\"k1\",\"value\":\"v1\"}");
        SseClient.Event first = sse.next();
        assertThat(first.event()).isEqualTo("message");
        assertThat(first.id()).isEqualTo(session + "-1");
        assertThat(kind(first)).isEqualTo("Inserted");
        lastId = first.id();
      }

      api.execute(context, "set", "{\"key\":\"k2\",\"value\":\"v2\"}");
      api.execute(context, "set", "{\"key\":\"k1\",\"value\":\"v3\"}");

      try (SseClient resumed = SseClient.open(api, "/sse", lastId)) {
        assertThat(resumed.response.headers().firstValue("X-SSE-Reconnect")).contains("true");
        JsonNode connect = Api.parse(resumed.next().data());
        assertThat(connect.get("reconnect").asBoolean()).isTrue();
        assertThat(connect.get("session_id").asText()).isEqualTo(session);
        SseClient.Event second = resumed.next();
        assertThat(second.id()).isEqualTo(session + "-2");
        assertThat(
                Api.parse(second.data())
                    .get("result")
                    .get("data")
                    .get("events")
                    .get(0)
                    .get("data")
                    .get("key")
                    .asText())
            .isEqualTo("k2");
        SseClient.Event third = resumed.next();
        assertThat(third.id()).isEqualTo(session + "-3");
        assertThat(kind(third)).isEqualTo("Updated");

        api.execute(context, "remove", "{\"key\":\"k2\"}");
        SseClient.Event live = resumed.next();
        assertThat(live.id()).isEqualTo(session + "-4");
        assertThat(kind(live)).isEqualTo("Removed");
      }
    }
  }

  @Test
  void eventsOlderThanTheReplayBufferAreReportedAsAGap() throws Exception {
    ApiServerConfig config =
        ApiServerConfig.loopback(0)
            .withLimits(ApiServerConfig.Limits.defaults().withSseReplayEvents(2));
    try (TestNode node = TestNode.start(config)) {
      Api api = node.api;
      String context = api.createKvContext();
      String session;
      try (SseClient sse = SseClient.open(api, "/sse?contextIds=" + context, null)) {
        session = Api.parse(sse.next().data()).get("session_id").asText();
      }
      for (int i = 0; i < 5; i++) {
        api.execute(context, "set", "{\"key\":\"k" + i + "\",\"value\":\"v\"}");
      }
      try (SseClient resumed = SseClient.open(api, "/sse", session + "-0")) {
        resumed.next();
        JsonNode gap = Api.parse(resumed.next().data());
        assertThat(gap.get("type").asText()).isEqualTo("gap");
        assertThat(gap.get("fromEventId").asText()).isEqualTo(session + "-1");
        assertThat(gap.get("toEventId").asText()).isEqualTo(session + "-3");
        assertThat(resumed.next().id()).isEqualTo(session + "-4");
        assertThat(resumed.next().id()).isEqualTo(session + "-5");
      }
      JsonNode info = api.get("/sse/session/" + session).json().get("result");
      assertThat(info.get("event_counter").asLong()).isEqualTo(5);
    }
  }

  @Test
  void unknownSessionsAndWrongAcceptAreJsonErrors() throws Exception {
    try (TestNode node = TestNode.start()) {
      Api api = node.api;
      Api.Response notAccepted =
          api.send(api.request("/sse").header("Accept", "application/json").GET());
      assertThat(notAccepted.status()).isEqualTo(406);
      Api.Response unknown =
          api.post(
              "/sse/subscription",
              "{\"id\":\"123\",\"method\":\"subscribe\",\"params\":{\"contextIds\":[]}}");
      assertThat(unknown.status()).isEqualTo(404);
      assertThat(unknown.error().get("data").get("type").asText()).isEqualTo("NotFound");
    }
  }

  private static String kind(SseClient.Event event) {
    return Api.parse(event.data())
        .get("result")
        .get("data")
        .get("events")
        .get(0)
        .get("kind")
        .asText();
  }
}
