package dev.mero4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mero4j.server.testing.Api;
import dev.mero4j.server.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JsonRpcTest {
  static TestNode node;
  static Api api;
  static String context;

  @BeforeAll
  static void start() {
    node = TestNode.start();
    api = node.api;
    context = api.createKvContext();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void executeSetThenGetReturnsTheValue() {
    Api.Response set = api.execute(context, "set", "{\"key\":\"a\",\"value\":\"1\"}");
    assertThat(set.status()).isEqualTo(200);
    assertThat(set.json().get("jsonrpc").asText()).isEqualTo("2.0");
    assertThat(set.json().get("result").has("output")).isTrue();
    assertThat(set.json().get("result").get("output").isNull()).isTrue();

    Api.Response get = api.execute(context, "get", "{\"key\":\"a\"}");
    assertThat(get.json().get("result").get("output").asText()).isEqualTo("1");
  }

  @Test
  void idComesBackWithTheSameJsonType() {
    for (String id : new String[] {"7", "\"abc\"", "null", "1.5", "18446744073709551615"}) {
      Api.Response response =
          api.post(
              "/jsonrpc",
              "{\"jsonrpc\":\"2.0\",\"id\":"
                  + id
                  + ",\"method\":\"execute\",\"params\":{\"contextId\":\""
                  + context
                  + "\",\"method\":\"len\",\"argsJson\":{}}}");
      assertThat(response.json().get("id")).isEqualTo(Api.parse(id));
    }
  }

  @Test
  void malformedJsonIsAParseErrorNotA500() {
    Api.Response response = api.post("/jsonrpc", "{\"jsonrpc\": \"2.0\", ");
    assertThat(response.status()).isEqualTo(400);
    assertError(response.json().get("error"), -32700, "ServerError", "ParseError");
    assertThat(response.json().get("id").isNull()).isTrue();
  }

  @Test
  void envelopeErrorsAreInvalidRequests() {
    assertError(
        api.post("/jsonrpc", "[]").json().get("error"), -32600, "ServerError", "InvalidRequest");
    assertError(
        api.post("/jsonrpc", "\"x\"").json().get("error"), -32600, "ServerError", "InvalidRequest");
    assertError(
        api.post("/jsonrpc", "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"execute\"}")
            .json()
            .get("error"),
        -32600,
        "ServerError",
        "InvalidRequest");
    assertError(
        api.post("/jsonrpc", "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"execute\"}")
            .json()
            .get("error"),
        -32600,
        "ServerError",
        "InvalidRequest");
    assertError(
        api.post("/jsonrpc", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"execute\",\"extra\":1}")
            .json()
            .get("error"),
        -32600,
        "ServerError",
        "InvalidRequest");
  }

  @Test
  void unknownMethodIsMethodNotFound() {
    Api.Response response = api.rpc("frobnicate", Api.parse("{}"));
    assertThat(response.status()).isEqualTo(200);
    assertError(response.json().get("error"), -32601, "ServerError", "MethodNotFound");
  }

  @Test
  void unknownContextInvalidBase58AndUnknownFieldsAreNamed() {
    String unknown = "11111111111111111111111111111111";
    assertError(
        api.execute(unknown, "get", "{}").json().get("error"),
        -32001,
        "ExecuteError",
        "ContextNotFound");
    JsonNode badId = api.execute("0OIl", "get", "{}").json().get("error");
    assertError(badId, -32602, "SerdeError", "InvalidParams");
    assertThat(badId.get("data").get("field").asText()).isEqualTo("contextId");
    JsonNode extra =
        api.rpc(
                "execute",
                Api.parse(
                    "{\"contextId\":\""
                        + context
                        + "\",\"method\":\"get\",\"argsJson\":{},\"bogus\":1}"))
            .json()
            .get("error");
    assertError(extra, -32602, "SerdeError", "InvalidParams");
    assertThat(extra.get("data").get("field").asText()).isEqualTo("bogus");
    JsonNode wrongType =
        api.rpc("execute", Api.parse("{\"contextId\":42,\"method\":\"get\",\"argsJson\":{}}"))
            .json()
            .get("error");
    assertError(wrongType, -32602, "SerdeError", "InvalidParams");
  }

  @Test
  void runtimeErrorsMapToTheirCodes() {
    assertError(
        api.execute(context, "nope", "{}").json().get("error"),
        -32003,
        "FunctionCallError",
        "MethodNotFound");
    assertError(
        api.execute(context, "set", "{\"key\":1}").json().get("error"),
        -32004,
        "FunctionCallError",
        "InvalidArguments");
    assertError(
        api.execute(context, "trap", "{}").json().get("error"),
        -32006,
        "FunctionCallError",
        "ExecutionFailed");
    assertError(
        api.execute(context, "spin", "{}").json().get("error"),
        -32007,
        "ExecuteError",
        "LimitExceeded");
    JsonNode unauthorized =
        api.rpc(
                "execute",
                Api.parse(
                    "{\"contextId\":\""
                        + context
                        + "\",\"method\":\"get\",\"argsJson\":{},\"executorPublicKey\":\"11111111111111111111111111111112\"}"))
            .json()
            .get("error");
    assertError(unauthorized, -32008, "ExecuteError", "Unauthorized");
  }

  @Test
  void anEmptyOrNullExecutorPublicKeyRunsAsTheNodesOwnMember() {
    api.execute(context, "set", "{\"key\":\"own\",\"value\":\"member\"}");
    for (String executor : new String[] {"\"\"", "null"}) {
      Api.Response response =
          api.rpc(
              "execute",
              Api.parse(
                  "{\"contextId\":\""
                      + context
                      + "\",\"method\":\"get\",\"argsJson\":{\"key\":\"own\"},\"executorPublicKey\":"
                      + executor
                      + "}"));
      assertThat(response.json().has("error")).as(response.text()).isFalse();
      assertThat(response.json().get("result").get("output").asText()).isEqualTo("member");
    }
  }

  @Test
  void appErrorCarriesTheApplicationsValue() {
    JsonNode error = api.execute(context, "fail", "{}").json().get("error");
    assertError(error, -32005, "FunctionCallError", "AppError");
    assertThat(error.get("data").get("value").get("kind").asText()).isEqualTo("NotFound");
  }

  @Test
  void outputAndErrorValuesThatAreNotJsonAreExecutionFailuresInAWellFormedResponse() {
    for (String text : new String[] {"hello", "{\"a\":1}}", "[".repeat(300) + "]".repeat(300)}) {
      String args = Api.JSON.createObjectNode().put("text", text).toString();
      for (String method : new String[] {"raw", "fail_raw"}) {
        Api.Response response = api.execute(context, method, args);
        assertThat(response.json()).as(response.text()).isNotNull();
        assertThat(response.json().has("result")).as(response.text()).isFalse();
        assertError(response.json().get("error"), -32006, "FunctionCallError", "ExecutionFailed");
        assertThat(response.json().get("error").get("message").asText()).contains("not JSON");
      }
    }
  }

  @Test
  void invalidMethodNamesAreRejectedBeforeTheRuntime() {
    assertError(
        api.execute(context, "x".repeat(257), "{}").json().get("error"),
        -32602,
        "SerdeError",
        "InvalidParams");
    assertError(
        api.execute(context, "a-b", "{}").json().get("error"),
        -32602,
        "SerdeError",
        "InvalidParams");
  }

  @Test
  void syncStatusReportsTheContext() {
    Api.Response response =
        api.rpc("sync_status", Api.parse("{\"contextId\":\"" + context + "\"}"));
    JsonNode result = response.json().get("result");
    assertThat(result.get("contextId").asText()).isEqualTo(context);
    assertThat(result.get("syncState").get("state").asText()).isEqualTo("idle");
    assertThat(result.has("isInitialized")).isTrue();
    assertThat(result.get("failureCount").asInt()).isZero();
    assertError(
        api.rpc("sync_status", Api.parse("{\"contextId\":\"11111111111111111111111111111111\"}"))
            .json()
            .get("error"),
        -32001,
        "ExecuteError",
        "ContextNotFound");
  }

  static void assertError(JsonNode error, int code, String type, String detail) {
    assertThat(error).as("error object").isNotNull();
    assertThat(error.get("code").asInt()).isEqualTo(code);
    assertThat(error.get("type").asText()).isEqualTo(type);
    assertThat(error.get("data").get("type").asText()).isEqualTo(detail);
    assertThat(error.get("message").asText()).isNotBlank();
  }
}
