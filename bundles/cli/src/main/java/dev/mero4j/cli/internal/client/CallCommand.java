package dev.mero4j.cli.internal.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mero4j call --context ID [--at DELTA] METHOD [--args JSON]}: prints the method's JSON
 * result; exit 1 on error. With {@code --at} a read-only method runs against the state at a delta.
 */
@Command(
    name = "call",
    description = "Call a method of a context; prints its JSON result (exit 1 on any error).",
    mixinStandardHelpOptions = true)
public final class CallCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClientOptions options;

  @Option(names = "--context", required = true, description = "Context id.")
  String context;

  @Parameters(paramLabel = "METHOD", description = "Method name.")
  String method;

  @Option(
      names = "--args",
      defaultValue = "{}",
      description = "Arguments as a JSON object (default: {}).")
  String args;

  @Option(
      names = "--as",
      description = "Executor public key, when this node holds several identities in the context.")
  String executor;

  @Option(
      names = "--at",
      description =
          "Run a read-only method against the state as it stood at this delta id (time travel).")
  String at;

  @Override
  public Integer call() {
    ObjectNode params = NodeClient.JSON.createObjectNode();
    params.put("contextId", context);
    params.put("method", method);
    params.set("argsJson", ContextCreateCommand.Json.parse(spec, "--args", args));
    if (at != null) {
      params.put("at", at);
    }
    if (executor != null) {
      params.put("executorPublicKey", executor);
    }
    JsonNode output = options.client().rpc("execute", params).path("output");
    new Output(spec.commandLine().getOut(), options.json).print(output, Output.pretty(output));
    return 0;
  }
}
