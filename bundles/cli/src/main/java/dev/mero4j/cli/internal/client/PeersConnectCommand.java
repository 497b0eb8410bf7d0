package dev.mero4j.cli.internal.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mero4j peers connect MULTIADDR}: the node dials a peer and waits until connected. */
@Command(
    name = "connect",
    mixinStandardHelpOptions = true,
    description = "Connect the node to a peer, e.g. /ip4/192.0.2.7/tcp/2428/p2p/12D3KooW…")
public final class PeersConnectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClientOptions options;

  @Parameters(index = "0", paramLabel = "MULTIADDR", description = "The peer's multiaddr.")
  String address;

  @Option(
      names = "--timeout",
      converter = DurationConverter.class,
      description = "How long to wait for the connection (default 10s, at most 60s).")
  Duration timeout = Duration.ofSeconds(10);

  @Override
  public Integer call() {
    ObjectNode body = NodeClient.JSON.createObjectNode();
    body.put("address", address);
    body.put("timeoutMs", timeout.toMillis());
    JsonNode data = options.client().post("/admin-api/peers/connect", body);
    new Output(spec.commandLine().getOut(), options.json)
        .print(data, "connected " + data.path("peerId").asText());
    return 0;
  }
}
