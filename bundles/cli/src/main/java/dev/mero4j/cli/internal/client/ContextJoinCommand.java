package dev.mero4j.cli.internal.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mero4j context join INVITATION}: joins through the inviter the invitation names (or
 * another connected member), fetching the application when missing; prints the context id.
 */
@Command(
    name = "join",
    mixinStandardHelpOptions = true,
    description =
        "Join a context with an invitation alone: this node dials the inviter it names, fetches the application if missing, is admitted, and the state follows by sync.")
public final class ContextJoinCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClientOptions options;

  @Parameters(
      index = "0",
      paramLabel = "INVITATION",
      description = "The text printed by 'mero4j context invite'.")
  String invitation;

  @Override
  public Integer call() {
    JsonNode data =
        options
            .client()
            .post(
                "/admin-api/contexts/join",
                NodeClient.JSON.createObjectNode().put("invitation", invitation.strip()));
    new Output(spec.commandLine().getOut(), options.json)
        .print(data, data.path("contextId").asText());
    return 0;
  }
}
