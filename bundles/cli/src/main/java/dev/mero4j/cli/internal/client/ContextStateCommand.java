package dev.mero4j.cli.internal.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mero4j context state --context ID [--at D] [--path P] [--limit N] [--cursor X] [--json]}:
 * one page of the state browser as a tree (docs/time-travel.md, "State browser").
 */
@Command(
    name = "state",
    description =
        "Browse a context's state: its collections, or with --path the entries of one (type, value,"
            + " author, HLC, removed entries), live or with --at as it stood at a delta.",
    mixinStandardHelpOptions = true)
public final class ContextStateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClientOptions options;

  @Option(names = "--context", required = true, description = "Context id.")
  String context;

  @Option(names = "--at", description = "Show the state at this delta id (default: live state).")
  String at;

  @Option(
      names = "--path",
      description =
          "Collection to list, keys joined by '/' (e.g. items or items/k1); default: root.")
  String path;

  @Option(
      names = "--limit",
      defaultValue = "100",
      description = "Entries per page, 1-1000 (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(
      names = "--cursor",
      description = "Where to continue: the cursor the previous page named.")
  String cursor;

  @Override
  public Integer call() {
    ObjectNode params = NodeClient.JSON.createObjectNode().put("contextId", context);
    params.put("limit", limit);
    if (at != null) {
      params.put("at", at);
    }
    if (path != null) {
      params.put("path", path);
    }
    if (cursor != null) {
      params.put("cursor", cursor);
    }
    JsonNode page = options.client().rpc("context_state", params);
    new Output(spec.commandLine().getOut(), options.json).print(page, text(page));
    return 0;
  }

  static String text(JsonNode page) {
    StringBuilder out = new StringBuilder();
    String path = page.path("path").asText();
    out.append(path.isEmpty() ? "/" : path);
    if (page.hasNonNull("type")) {
      out.append(" (").append(page.path("type").asText()).append(')');
    }
    out.append(page.path("at").isTextual() ? " at " + page.path("at").asText() : " (live)");
    out.append('\n');
    JsonNode rows = page.has("collections") ? page.path("collections") : page.path("entries");
    if (rows.isEmpty()) {
      out.append("└─ (empty)\n");
    }
    for (int i = 0; i < rows.size(); i++) {
      JsonNode e = rows.get(i);
      boolean last = i == rows.size() - 1;
      out.append(last ? "└─ " : "├─ ");
      out.append(e.has("name") ? e.path("name").asText() : e.path("key").asText());
      out.append("  ").append(e.path("type").asText());
      if (e.path("size").isNumber()) {
        out.append(" [").append(e.path("size").asInt()).append(']');
      }
      if (e.path("value").isTextual()) {
        out.append(" = ").append(e.path("value").asText());
      }
      if (e.path("deleted").asBoolean()) {
        out.append("  (deleted)");
      }
      out.append('\n');
      if (e.path("author").isTextual() || e.path("hlc").isTextual()) {
        out.append(last ? "     " : "│    ");
        out.append("by ").append(e.path("author").asText("?"));
        out.append(" hlc ").append(e.path("hlc").asText("?")).append('\n');
      }
    }
    JsonNode next = page.path("nextCursor");
    out.append(next.isTextual() ? "more: --cursor " + next.asText() : "(end)");
    return out.toString();
  }
}
