package dev.mero4j.console.groovy.internal;

import dev.mero4j.runtime.api.AppEvent;
import dev.mero4j.runtime.api.ExecutionResult;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The outcome of {@code ctx(..).call(..)}: the decoded output, the delta, the events and logs. */
public final class CallResult implements Renderer.Rendered {
  private final String context;
  private final String method;
  private final ExecutionResult result;

  CallResult(String context, String method, ExecutionResult result) {
    this.context = context;
    this.method = method;
    this.result = result;
  }

  /** The method's return value as maps, lists, strings and numbers; {@code null} for none. */
  public Object getOutput() {
    return Json.read(result.outputJson());
  }

  public String getOutputJson() {
    return result.outputJson();
  }

  /** The committed delta's id, or {@code null} for a call that wrote nothing. */
  public String getDelta() {
    return result.delta().map(d -> d.toBase58()).orElse(null);
  }

  public String getRootHash() {
    return result.rootHash().toBase58();
  }

  public List<Map<String, Object>> getEvents() {
    return result.events().stream().map(CallResult::event).collect(Collectors.toList());
  }

  public List<String> getLogs() {
    return result.logs();
  }

  static Map<String, Object> event(AppEvent event) {
    return Map.of("kind", event.kind(), "data", event.dataJson() == null ? "" : event.dataJson());
  }

  @Override
  public String render() {
    StringBuilder out = new StringBuilder();
    Object output = getOutput();
    out.append(
        output == null
            ? "(no output)"
            : Renderer.render(output instanceof String s ? Json.write(s) : output));
    out.append('\n')
        .append(context)
        .append('.')
        .append(method)
        .append(" -> ")
        .append(result.delta().map(d -> "delta " + d.toBase58()).orElse("no delta"))
        .append(", root ")
        .append(getRootHash());
    for (AppEvent event : result.events()) {
      out.append("\nevent ").append(event.kind()).append(' ').append(event.dataJson());
    }
    for (String log : result.logs()) {
      out.append("\nlog ").append(log);
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return String.valueOf(getOutput());
  }
}
