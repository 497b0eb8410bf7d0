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
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mero4j context diff --context ID --from D1 --to D2} (or {@code --delta D}): what changed
 * between the states at two deltas, or what one delta changed against its parents' state, per
 * collection ({@code +} added, {@code -} removed, {@code ~} changed).
 */
@Command(
    name = "diff",
    description =
        "Show what changed between the states at two deltas (--from/--to), or what one delta"
            + " changed against its parents (--delta), per collection.",
    mixinStandardHelpOptions = true)
public final class ContextDiffCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClientOptions options;

  @Option(names = "--context", required = true, description = "Context id.")
  String context;

  @Option(names = "--from", description = "The earlier delta id (with --to).")
  String from;

  @Option(names = "--to", description = "The later delta id (with --from).")
  String to;

  @Option(
      names = "--delta",
      description = "One delta id: its changes against its parents (instead of --from/--to).")
  String delta;

  @Option(
      names = "--limit",
      defaultValue = "1000",
      description = "Most changes listed, 1-10000 (default: ${DEFAULT-VALUE}).")
  int limit;

  @Override
  public Integer call() {
    boolean anyOfPair = from != null || to != null;
    if (delta != null ? anyOfPair : from == null || to == null) {
      throw new ParameterException(
          spec.commandLine(), "give either --delta, or both --from and --to");
    }
    ObjectNode params =
        NodeClient.JSON.createObjectNode().put("contextId", context).put("limit", limit);
    JsonNode diff =
        delta != null
            ? options.client().rpc("context_delta_diff", params.put("delta", delta))
            : options.client().rpc("context_diff", params.put("from", from).put("to", to));
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
