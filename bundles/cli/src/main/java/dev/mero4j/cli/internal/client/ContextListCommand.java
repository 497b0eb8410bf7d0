package dev.mero4j.cli.internal.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mero4j context list}: one line per context with its application and root hash. */
@Command(name = "list", description = "List contexts.", mixinStandardHelpOptions = true)
public final class ContextListCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClientOptions options;

  @Override
  public Integer call() {
    JsonNode contexts = options.client().get("/admin-api/contexts").path("contexts");
    StringBuilder text = new StringBuilder();
    for (JsonNode context : contexts) {
      text.append(
          String.format(
              "%-46s app %-46s root %s%n",
              context.path("id").asText(),
              context.path("applicationId").asText(),
              context.path("rootHash").asText()));
    }
    new Output(spec.commandLine().getOut(), options.json)
        .print(contexts, contexts.isEmpty() ? "no contexts" : text.toString().stripTrailing());
    return 0;
  }
}
