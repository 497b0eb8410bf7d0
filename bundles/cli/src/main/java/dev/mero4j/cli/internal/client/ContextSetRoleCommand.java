package dev.mero4j.cli.internal.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mero4j context set-role --context ID KEY ROLE}: changes a member's role. */
@Command(
    name = "set-role",
    description = "Change a member's role (admin, member, read-only).",
    mixinStandardHelpOptions = true)
public final class ContextSetRoleCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClientOptions options;

  @Option(names = "--context", required = true, description = "Context id.")
  String context;

  @Parameters(index = "0", paramLabel = "KEY", description = "The member's public key.")
  String member;

  @Parameters(index = "1", paramLabel = "ROLE", description = "admin, member or read-only.")
  String role;

  @Override
  public Integer call() {
    JsonNode data =
        options
            .client()
            .put(
                "/admin-api/contexts/" + context + "/members/" + member + "/role",
                NodeClient.JSON.createObjectNode().put("role", role));
    new Output(spec.commandLine().getOut(), options.json)
        .print(data, member + " is now " + data.path("role").asText());
    return 0;
  }
}
