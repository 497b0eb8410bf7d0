package dev.mero4j.server.internal.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/** The server's counters, histograms and gauges, rendered in the Prometheus text format 0.0.4. */
public final class Metrics {
  private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
  private final Map<String, Histogram> requestLatency = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> executions = new ConcurrentHashMap<>();
  private final Histogram executionLatency = new Histogram();
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  private final Map<String, Gauge> gauges = new ConcurrentSkipListMap<>();

  /** A family computed at scrape time: label set to value; {@code type} gauge or counter. */
  private record Gauge(String type, String help, Supplier<Map<String, Double>> values) {}

  public void request(String route, String method, int status, long nanos) {
    String labels =
        "route=\"" + escape(route) + "\",method=\"" + method + "\",status=\"" + status + "\"";
    requests.computeIfAbsent(labels, k -> new LongAdder()).increment();
    requestLatency
        .computeIfAbsent(
            "route=\"" + escape(route) + "\",method=\"" + method + "\"", k -> new Histogram())
        .observe(nanos / 1e9);
  }

  public void execution(String outcome, long nanos) {
    executions.computeIfAbsent("outcome=\"" + outcome + "\"", k -> new LongAdder()).increment();
    executionLatency.observe(nanos / 1e9);
  }

  public void error(String type) {
    errors.computeIfAbsent("type=\"" + type + "\"", k -> new LongAdder()).increment();
  }

  /** Registers a gauge whose labelled values are read at each scrape. */
  public void gauge(String name, String help, Supplier<Map<String, Double>> values) {
    gauges.put(name, new Gauge("gauge", help, values));
  }

  /** Registers a counter kept elsewhere (only ever grows), read at each scrape. */
  public void scrapedCounter(String name, String help, Supplier<Map<String, Double>> values) {
    gauges.put(name, new Gauge("counter", help, values));
  }

  public String render() {
    StringBuilder out = new StringBuilder(4096);
    counter(
        out, "mero4j_http_requests_total", "HTTP requests by route, method and status.", requests);
    out.append("# HELP mero4j_http_request_duration_seconds Time to serve HTTP requests.\n");
    out.append("# TYPE mero4j_http_request_duration_seconds histogram\n");
    new TreeMap<>(requestLatency)
        .forEach((labels, h) -> h.render(out, "mero4j_http_request_duration_seconds", labels));
    counter(out, "mero4j_executions_total", "Method executions by outcome.", executions);
    out.append("# HELP mero4j_execution_duration_seconds Time to execute application methods.\n");
    out.append("# TYPE mero4j_execution_duration_seconds histogram\n");
    executionLatency.render(out, "mero4j_execution_duration_seconds", "");
    counter(out, "mero4j_errors_total", "Errors returned to clients by type.", errors);
    gauges.forEach(
        (name, gauge) -> {
          out.append("# HELP ").append(name).append(' ').append(gauge.help()).append('\n');
          out.append("# TYPE ").append(name).append(' ').append(gauge.type()).append('\n');
          new TreeMap<>(gauge.values().get())
              .forEach(
                  (labels, value) -> {
                    out.append(name);
                    if (!labels.isEmpty()) {
                      out.append('{').append(labels).append('}');
                    }
                    out.append(' ').append(value).append('\n');
                  });
        });
    return out.toString();
  }

  public static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static void counter(
      StringBuilder out, String name, String help, Map<String, LongAdder> values) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" counter\n");
    new TreeMap<>(values)
        .forEach(
            (labels, adder) ->
                out.append(name)
                    .append('{')
                    .append(labels)
                    .append("} ")
                    .append(adder.sum())
                    .append('\n'));
  }
}
