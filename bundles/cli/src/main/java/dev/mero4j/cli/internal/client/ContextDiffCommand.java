package dev.mero4j.cli.internal.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mero4j context diff --context ID --from D1 --to D2}: what changed between the states at
 * two deltas, per collection ({@code +} added, {@code -} removed, {@code ~} changed).
 */
@Command(
    name = "diff",
    description = "Show what changed between the states at two deltas, per collection.",
    mixinStandardHelpOptions = true)
public final class ContextDiffCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClientOptions options;

  @Option(names = "--context", required = true, description = "Context id.")
  String context;

  @Option(names = "--from", required = true, description = "The earlier delta id.")
  String from;

  @Option(names = "--to", required = true, description = "The later delta id.")
  String to;

  @Option(
      names = "--limit",
      defaultValue = "1000",
      description = "Most changes listed, 1-10000 (default: ${DEFAULT-VALUE}).")
  int limit;

  @Override
  public Integer call() {
    ObjectNode params =
        NodeClient.JSON
            .createObjectNode()
            .put("contextId", context)
            .put("from", from)
            .put("to", to)
            .put("limit", limit);
    JsonNode diff = options.client().rpc("context_diff", params);
    new Output(spec.commandLine().getOut(), options.json).print(diff, text(diff));
    return 0;
  }

  static String text(JsonNode diff) {
    StringBuilder out = new StringBuilder();
    Iterator<Map.Entry<String, JsonNode>> collections =
        diff.path("collections").properties().iterator();
    if (!collections.hasNext()) {
      out.append("(no changes)");
    }
    while (collections.hasNext()) {
      Map.Entry<String, JsonNode> c = collections.next();
      out.append(c.getKey()).append('\n');
      for (JsonNode e : c.getValue().path("added")) {
        out.append("  + ").append(e.path("key").asText()).append(" = ");
        out.append(e.path("value").asText()).append('\n');
      }
      for (JsonNode e : c.getValue().path("removed")) {
        out.append("  - ").append(e.path("key").asText()).append(" = ");
        out.append(e.path("value").asText()).append('\n');
      }
      for (JsonNode e : c.getValue().path("changed")) {
        out.append("  ~ ").append(e.path("key").asText()).append(": ");
        out.append(e.path("before").asText()).append(" -> ");
        out.append(e.path("after").asText()).append('\n');
      }
    }
    if (diff.path("truncated").asBoolean()) {
      out.append("(more changes not listed: raise --limit)");
    }
    return out.toString().stripTrailing();
  }
}
