package dev.mero4j.cli.internal.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mero4j context members --context ID}: one line per member with its role. */
@Command(
    name = "members",
    description = "List a context's members and their roles.",
    mixinStandardHelpOptions = true)
public final class ContextMembersCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClientOptions options;

  @Option(names = "--context", required = true, description = "Context id.")
  String context;

  @Override
  public Integer call() {
    JsonNode members =
        options.client().get("/admin-api/contexts/" + context + "/members").path("members");
    StringBuilder text = new StringBuilder();
    for (JsonNode member : members) {
      text.append(
          String.format(
              "%-46s %-9s%s%n",
              member.path("publicKey").asText(),
              member.path("role").asText(),
              member.path("local").asBoolean() ? " (this node)" : ""));
    }
    new Output(spec.commandLine().getOut(), options.json)
        .print(members, text.toString().stripTrailing());
    return 0;
  }
}
