package dev.mero4j.cli.internal.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mero4j context invite --context ID [--role R] [--expires D] [--invitee KEY]}: prints an
 * invitation.
 */
@Command(
    name = "invite",
    mixinStandardHelpOptions = true,
    description =
        "Issue a signed, expiring invitation to a context; prints it. Give it to the invitee only: it is a credential.")
public final class ContextInviteCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClientOptions options;

  @Option(names = "--context", required = true, description = "Context id.")
  String context;

  @Option(
      names = "--role",
      defaultValue = "member",
      description = "admin, member or read-only (default: ${DEFAULT-VALUE}).")
  String role;

  @Option(
      names = "--expires",
      defaultValue = "7d",
      converter = DurationConverter.class,
      description =
          "How long it can be redeemed: 90s, 30m, 12h, 7d or PT1H (default: ${DEFAULT-VALUE}).")
  Duration expires;

  @Option(
      names = "--invitee",
      description = "Bind the invitation to this member key (base58) instead of a one-time secret.")
  String invitee;

  @Override
  public Integer call() {
    ObjectNode body =
        NodeClient.JSON
            .createObjectNode()
            .put("role", role)
            .put("expiresInSeconds", expires.toSeconds());
    if (invitee != null) {
      body.put("invitee", invitee);
    }
    JsonNode data = options.client().post("/admin-api/contexts/" + context + "/invitations", body);
    new Output(spec.commandLine().getOut(), options.json)
        .print(data, data.path("invitation").asText());
    return 0;
  }
}
