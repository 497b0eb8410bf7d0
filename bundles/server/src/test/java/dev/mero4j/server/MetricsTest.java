package dev.mero4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.server.testing.Api;
import dev.mero4j.server.testing.TestNode;
import org.junit.jupiter.api.Test;

class MetricsTest {
  @Test
  void prometheusTextCountsRequestsExecutionsErrorsAndDagSizes() {
    try (TestNode node = TestNode.start()) {
      Api api = node.api;
      String context = api.createKvContext();
      api.execute(context, "set", "{\"key\":\"a\",\"value\":\"1\"}");
      api.execute(context, "fail", "{}");
      api.post("/jsonrpc", "{");
      Api.Response metrics = api.get("/metrics");
      assertThat(metrics.status()).isEqualTo(200);
      assertThat(metrics.raw().headers().firstValue("Content-Type").orElseThrow())
          .startsWith("text/plain");
      String text = metrics.text();
      assertThat(text).contains("# TYPE mero4j_http_requests_total counter");
      assertThat(text)
          .contains(
              "mero4j_http_requests_total{route=\"/jsonrpc\",method=\"POST\",status=\"200\"}");
      assertThat(text).contains("mero4j_executions_total{outcome=\"ok\"} 1");
      assertThat(text).contains("mero4j_executions_total{outcome=\"AppError\"} 1");
      assertThat(text).contains("mero4j_errors_total{type=\"ParseError\"} 1");
      assertThat(text)
          .contains(
              "mero4j_http_request_duration_seconds_bucket{route=\"/jsonrpc\",method=\"POST\",le=\"+Inf\"}");
      assertThat(text).contains("mero4j_context_dag_heads{context=\"" + context + "\"} 1.0");
      assertThat(text).contains("mero4j_contexts 1.0");
      assertThat(text).contains("mero4j_replication_task_failures 0.0");
    }
  }
}
