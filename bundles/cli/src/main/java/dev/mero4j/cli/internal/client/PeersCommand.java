package dev.mero4j.cli.internal.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mero4j peers}: the connected peers; {@code connect} and {@code disconnect} steer them. */
@Command(
    name = "peers",
    description =
        "List the peers a running node is connected to (address, direction, relayed, agent).",
    mixinStandardHelpOptions = true,
    subcommands = {PeersConnectCommand.class, PeersDisconnectCommand.class})
public final class PeersCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClientOptions options;

  @Override
  public Integer call() {
    JsonNode data = options.client().get("/admin-api/peers");
    List<String> lines = new ArrayList<>();
    lines.add(data.path("count").asInt() + " peers");
    for (JsonNode peer : data.path("peers")) {
      List<String> addresses = new ArrayList<>();
      peer.path("addresses").forEach(a -> addresses.add(a.asText()));
      lines.add(
          String.join(
              "  ",
              peer.path("peerId").asText(),
              addresses.isEmpty() ? "-" : String.join(",", addresses),
              peer.path("direction").asText("unknown"),
              peer.path("relayed").asBoolean() ? "relayed" : "direct",
              peer.path("agent").asText("-")));
    }
    new Output(spec.commandLine().getOut(), options.json).print(data, String.join("\n", lines));
    return 0;
  }
}
