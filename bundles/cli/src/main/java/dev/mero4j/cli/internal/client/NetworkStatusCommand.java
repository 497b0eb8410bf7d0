package dev.mero4j.cli.internal.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code mero4j network status}: reachability, listen, observed and relay addresses, DHT table size
 * and connections.
 */
@Command(
    name = "status",
    description =
        "Show reachability, listen/observed/relay addresses, DHT table size and connections.",
    mixinStandardHelpOptions = true)
public final class NetworkStatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClientOptions options;

  @Override
  public Integer call() {
    JsonNode s = options.client().get("/admin-api/network/status");
    List<String> lines = new ArrayList<>();
    if (!s.path("enabled").asBoolean()) {
      lines.add("network       offline (no transport)");
    } else {
      lines.add("reachability  " + s.path("reachability").asText("unknown"));
      lines.add(
          "connections   "
              + s.path("connections").asInt()
              + " to "
              + s.path("connectedPeers").asInt()
              + " peers");
      lines.add("dht peers     " + s.path("routingTableSize").asInt());
      addresses(lines, "listen        ", s.path("listenAddresses"));
      addresses(lines, "observed      ", s.path("observedAddresses"));
      addresses(lines, "relay         ", s.path("relayAddresses"));
    }
    new Output(spec.commandLine().getOut(), options.json).print(s, String.join("\n", lines));
    return 0;
  }

  private static void addresses(List<String> lines, String label, JsonNode list) {
    if (list.isEmpty()) {
      lines.add(label + "-");
    }
    for (JsonNode address : list) {
      lines.add(label + address.asText());
    }
  }
}
