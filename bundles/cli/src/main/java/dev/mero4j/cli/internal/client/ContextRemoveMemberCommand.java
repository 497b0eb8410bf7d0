package dev.mero4j.cli.internal.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mero4j context remove-member --context ID KEY}: removes a member; the context key rotates.
 */
@Command(
    name = "remove-member",
    mixinStandardHelpOptions = true,
    description =
        "Remove a member; the context key rotates at once, so it cannot read later writes.")
public final class ContextRemoveMemberCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClientOptions options;

  @Option(names = "--context", required = true, description = "Context id.")
  String context;

  @Parameters(
      index = "0",
      paramLabel = "KEY",
      description = "The member's public key (from 'mero4j context members').")
  String member;

  @Override
  public Integer call() {
    JsonNode data =
        options.client().delete("/admin-api/contexts/" + context + "/members/" + member);
    new Output(spec.commandLine().getOut(), options.json).print(data, "removed " + member);
    return 0;
  }
}
