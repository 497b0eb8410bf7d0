package dev.mero4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mero4j.server.testing.Api;
import dev.mero4j.server.testing.TestNode;
import dev.mero4j.server.testing.WsClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WebSocketTest {
  static TestNode node;
  static Api api;

  @BeforeAll
  static void start() {
    node = TestNode.start();
    api = node.api;
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void subscriberReceivesStateMutationWithInsertedEvent() throws Exception {
    String context = api.createKvContext();
    try (WsClient ws = WsClient.connect(node.url, null, null)) {
      ws.send(
          "{\"id\":1,\"method\":\"subscribe\",\"params\":{\"contextIds\":[\"" + context + "\"]}}");
      JsonNode ack = ws.next();
      assertThat(ack.get("id").asInt()).isEqualTo(1);
      assertThat(ack.get("result").get("contextIds").get(0).asText()).isEqualTo(context);

      api.execute(context, "set", "{\"key\":\"a\",\"value\":\"1\"}");
      JsonNode event = ws.next();
      assertThat(event.has("id")).isTrue();
      assertThat(event.get("id").isNull()).isTrue();
      JsonNode result = event.get("result");
      assertThat(result.get("contextId").asText()).isEqualTo(context);
      assertThat(result.get("type").asText()).isEqualTo("StateMutation");
      assertThat(result.get("data").get("newRoot").asText()).isNotBlank();
      JsonNode inserted = result.get("data").get("events").get(0);
      assertThat(inserted.get("kind").asText()).isEqualTo("Inserted");
      assertThat(inserted.get("data").get("key").asText()).isEqualTo("a");

      api.execute(context, "set", "{\"key\":\"a\",\"value\":\"2\"}");
      assertThat(ws.next().get("result").get("data").get("events").get(0).get("kind").asText())
          .isEqualTo("Updated");

      ws.send(
          "{\"id\":2,\"method\":\"unsubscribe\",\"params\":{\"contextIds\":[\""
              + context
              + "\"]}}");
      assertThat(ws.next().get("id").asInt()).isEqualTo(2);
      api.execute(context, "remove", "{\"key\":\"a\"}");
      ws.send(
          "{\"id\":3,\"method\":\"execute\",\"params\":{\"contextId\":\""
              + context
              + "\",\"method\":\"len\",\"argsJson\":{}}}");
      JsonNode len = ws.next();
      assertThat(len.get("id").asInt())
          .as("no event after unsubscribe, only the reply")
          .isEqualTo(3);
      assertThat(len.get("result").get("output").asInt()).isZero();
    }
  }

  @Test
  void executeOverTheSocketAndErrorsKeepTheFrameId() throws Exception {
    String context = api.createKvContext();
    try (WsClient ws = WsClient.connect(node.url, null, null)) {
      ws.send(
          "{\"id\":9,\"method\":\"execute\",\"params\":{\"contextId\":\""
              + context
              + "\",\"method\":\"set\",\"argsJson\":{\"key\":\"x\",\"value\":\"y\"}}}");
      assertThat(ws.next().get("result").get("output").isNull()).isTrue();
      ws.send(
          "{\"id\":10,\"method\":\"execute\",\"params\":{\"contextId\":\""
              + context
              + "\",\"method\":\"get\",\"argsJson\":{\"key\":\"x\"}}}");
      assertThat(ws.next().get("result").get("output").asText()).isEqualTo("y");

      ws.send(
          "{\"id\":11,\"method\":\"execute\",\"params\":{\"contextId\":\""
              + context
              + "\",\"method\":\"fail\"}}");
      JsonNode appError = ws.next();
      assertThat(appError.get("id").asInt()).isEqualTo(11);
      assertThat(appError.get("error").get("data").get("type").asText()).isEqualTo("AppError");

      ws.send("not json");
      assertThat(ws.next().get("error").get("data").get("type").asText()).isEqualTo("ParseError");
      ws.send("{\"id\":12,\"method\":\"dance\"}");
      assertThat(ws.next().get("error").get("code").asInt()).isEqualTo(-32601);
      ws.send("{\"id\":13,\"method\":\"subscribe\",\"params\":{\"contextIds\":[\"0OIl\"]}}");
      assertThat(ws.next().get("error").get("data").get("type").asText())
          .isEqualTo("InvalidParams");
    }
  }

  @Test
  void clientPingsAreAnswered() throws Exception {
    try (WsClient ws = WsClient.connect(node.url, null, null)) {
      ws.ping();
      await().atMost(Duration.ofSeconds(30)).until(() -> ws.pongs > 0);
    }
  }
}
