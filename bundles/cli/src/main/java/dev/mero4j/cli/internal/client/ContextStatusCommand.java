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
 * {@code mero4j context status --context ID}: whether a context is synced, with its root and heads.
 */
@Command(
    name = "status",
    description = "Show a context's sync state, root hash and DAG heads.",
    mixinStandardHelpOptions = true)
public final class ContextStatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClientOptions options;

  @Option(names = "--context", required = true, description = "Context id.")
  String context;

  @Override
  public Integer call() {
    NodeClient client = options.client();
    JsonNode info = client.get("/admin-api/contexts/" + context);
    ObjectNode params = NodeClient.JSON.createObjectNode().put("contextId", context);
    JsonNode sync = client.rpc("sync_status", params);
    ObjectNode status = NodeClient.JSON.createObjectNode();
    status.put("contextId", context);
    status.set("sync", sync);
    status.put("rootHash", info.path("rootHash").asText());
    status.set("dagHeads", info.path("dagHeads"));
    new Output(spec.commandLine().getOut(), options.json).print(status, text(sync, info));
    return 0;
  }

  private static String text(JsonNode sync, JsonNode info) {
    JsonNode state = sync.path("syncState");
    StringBuilder line = new StringBuilder(state.path("state").asText("unknown"));
    if (state.has("receivedBytes") && state.has("totalBytes")) {
      line.append(
          String.format(
              " (%d of %d bytes)",
              state.get("receivedBytes").asLong(), state.get("totalBytes").asLong()));
    }
    StringBuilder text = new StringBuilder();
    text.append("sync          ").append(line).append('\n');
    text.append("initialized   ").append(sync.path("isInitialized").asBoolean()).append('\n');
    text.append("failures      ").append(sync.path("failureCount").asInt());
    if (sync.hasNonNull("lastError")) {
      text.append(" (last: ").append(sync.get("lastError").asText()).append(')');
    }
    text.append('\n');
    text.append("root hash     ").append(info.path("rootHash").asText()).append('\n');
    text.append("heads         ").append(info.path("dagHeads").size());
    for (JsonNode head : info.path("dagHeads")) {
      text.append("\n  ").append(head.asText());
    }
    return text.toString();
  }
}
