package dev.mero4j.cli.internal.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mero4j context history --context ID [--limit N] [--cursor C] [--json]}: one page of the
 * context's deltas, newest first; the last line names the cursor of the next page.
 */
@Command(
    name = "history",
    description =
        "List a context's deltas newest first (id, author, HLC time, parents, actions), one page"
            + " at a time.",
    mixinStandardHelpOptions = true)
public final class ContextHistoryCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClientOptions options;

  @Option(names = "--context", required = true, description = "Context id.")
  String context;

  @Option(
      names = "--limit",
      defaultValue = "20",
      description = "Deltas per page, 1-1000 (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--cursor", description = "Where to continue: the 'next' of the previous page.")
  String cursor;

  @Override
  public Integer call() {
    ObjectNode params = NodeClient.JSON.createObjectNode().put("contextId", context);
    params.put("limit", limit);
    if (cursor != null) {
      params.put("cursor", cursor);
    }
    JsonNode page = options.client().rpc("context_history", params);
    new Output(spec.commandLine().getOut(), options.json).print(page, text(page));
    return 0;
  }

  static String text(JsonNode page) {
    StringBuilder out = new StringBuilder();
    for (JsonNode d : page.path("deltas")) {
      out.append(String.format("#%-6d %s%n", d.path("seq").asLong(), d.path("id").asText()));
      out.append("  author  ").append(d.path("author").asText()).append('\n');
      out.append("  time    ")
          .append(Instant.ofEpochMilli(d.path("hlcMillis").asLong()))
          .append(" (hlc ")
          .append(d.path("hlc").asLong())
          .append(")\n");
      out.append("  parents");
      if (d.path("parents").isEmpty()) {
        out.append(" (none)");
      }
      d.path("parents").forEach(p -> out.append(' ').append(p.asText()));
      out.append("\n  actions");
      Iterator<Map.Entry<String, JsonNode>> actions = d.path("actions").properties().iterator();
      while (actions.hasNext()) {
        Map.Entry<String, JsonNode> a = actions.next();
        out.append(' ').append(a.getKey()).append('×').append(a.getValue().asInt());
      }
      out.append('\n');
    }
    JsonNode next = page.path("next");
    out.append(next.isTextual() ? "more: --cursor " + next.asText() : "(end of history)");
    return out.toString();
  }
}
