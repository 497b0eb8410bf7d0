package dev.mero4j.cli.internal.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code mero4j status}: whether the node answers, its identity, applications, contexts and
 * network.
 */
@Command(
    name = "status",
    description = "Show a running node's health, identity, applications, contexts and network.",
    mixinStandardHelpOptions = true)
public final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClientOptions options;

  @Override
  public Integer call() {
    NodeClient client = options.client();
    ObjectNode status = NodeClient.JSON.createObjectNode();
    status.put("url", client.base().toString());
    status.put("health", client.get("/admin-api/health").path("status").asText());
    status.set("identity", client.get("/admin-api/identity"));
    status.put("applications", client.get("/admin-api/applications").path("apps").size());
    status.put("contexts", client.get("/admin-api/contexts").path("contexts").size());
    status.set("network", client.get("/admin-api/network/status"));
    JsonNode network = status.get("network");
    String text =
        String.join(
            "\n",
            "node          "
                + status.get("url").asText()
                + " ("
                + status.get("health").asText()
                + ")",
            "identity      " + status.path("identity").path("publicKey").asText(),
            "peer id       " + status.path("identity").path("peerId").asText("-"),
            "applications  " + status.get("applications").asInt(),
            "contexts      " + status.get("contexts").asInt(),
            "network       "
                + (network.path("enabled").asBoolean()
                    ? network.path("connectedPeers").asInt() + " peers"
                    : "offline"));
    for (JsonNode address : network.path("listenAddresses")) {
      text += "\naddress       " + address.asText();
    }
    new Output(spec.commandLine().getOut(), options.json).print(status, text);
    return 0;
  }
}
