package dev.mero4j.cli.internal.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mero4j peers disconnect PEER}: closes every connection to a peer. */
@Command(
    name = "disconnect",
    mixinStandardHelpOptions = true,
    description =
        "Close every connection to a peer (bootstrap and discovered peers may be dialled again).")
public final class PeersDisconnectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClientOptions options;

  @Parameters(index = "0", paramLabel = "PEER", description = "The peer id (12D3KooW…).")
  String peer;

  @Override
  public Integer call() {
    JsonNode data =
        options
            .client()
            .delete("/admin-api/peers/" + URLEncoder.encode(peer, StandardCharsets.UTF_8));
    new Output(spec.commandLine().getOut(), options.json).print(data, "disconnected " + peer);
    return 0;
  }
}
