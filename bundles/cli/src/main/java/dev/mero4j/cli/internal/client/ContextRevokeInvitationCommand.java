package dev.mero4j.cli.internal.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mero4j context revoke-invitation --context ID INVITATION}: revokes an unredeemed
 * invitation.
 */
@Command(
    name = "revoke-invitation",
    description = "Revoke an invitation before it is redeemed.",
    mixinStandardHelpOptions = true)
public final class ContextRevokeInvitationCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClientOptions options;

  @Option(names = "--context", required = true, description = "Context id.")
  String context;

  @Parameters(
      index = "0",
      paramLabel = "INVITATION",
      description = "The invitation text, or its id.")
  String invitation;

  @Override
  public Integer call() {
    String id = URLEncoder.encode(invitation.strip(), StandardCharsets.UTF_8);
    JsonNode data =
        options.client().delete("/admin-api/contexts/" + context + "/invitations/" + id);
    new Output(spec.commandLine().getOut(), options.json).print(data, "revoked");
    return 0;
  }
}
