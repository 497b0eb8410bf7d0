package dev.mero4j.cli.internal.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mero4j context create --app ID [--params JSON]}: prints the new context id. */
@Command(
    name = "create",
    description = "Create a context of an application; prints the context id.",
    mixinStandardHelpOptions = true)
public final class ContextCreateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClientOptions options;

  @Option(
      names = "--app",
      required = true,
      description = "Application id (from 'mero4j app install').")
  String app;

  @Option(
      names = "--params",
      defaultValue = "{}",
      description = "JSON passed to the application's init (default: {}).")
  String params;

  @Override
  public Integer call() {
    ObjectNode body = NodeClient.JSON.createObjectNode();
    body.put("applicationId", app);
    body.set("initializationParams", Json.parse(spec, "--params", params));
    JsonNode data = options.client().post("/admin-api/contexts", body);
    new Output(spec.commandLine().getOut(), options.json)
        .print(data, data.path("contextId").asText());
    return 0;
  }

  /** Parses JSON given on the command line; bad JSON is a usage error. */
  static final class Json {
    private Json() {}

    static JsonNode parse(CommandSpec spec, String option, String text) {
      try {
        return NodeClient.JSON.readTree(text);
      } catch (IOException e) {
        throw new ParameterException(spec.commandLine(), option + " is not valid JSON: " + text);
      }
    }
  }
}
