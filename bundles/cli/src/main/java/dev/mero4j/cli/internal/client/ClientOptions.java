package dev.mero4j.cli.internal.client;

import dev.mero4j.node.NodeConfig;
import dev.mero4j.node.NodeHome;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by the client commands: which node, which token, which output format. */
public final class ClientOptions {
  /** Calimero's and Mero4j's default API address. */
  static final String DEFAULT_NODE = "http://127.0.0.1:" + NodeConfig.DEFAULT_SERVER_PORT;

  @Option(
      names = "--node",
      description = "Base URL of the node's API (default: from --home, else " + DEFAULT_NODE + ").")
  URI node;

  @Option(names = "--home", description = "Node home whose config.toml names the API address.")
  Path home;

  @Option(
      names = "--token",
      description = "Access token when the node has auth on (default: $MERO4J_TOKEN).")
  String token;

  @Option(names = "--json", description = "Print machine-readable JSON instead of text.")
  boolean json;

  public NodeClient client() {
    String bearer = token != null ? token : System.getenv("MERO4J_TOKEN");
    return new NodeClient(baseUrl(), bearer);
  }

  /** Whether JSON output was asked for. */
  public boolean json() {
    return json;
  }

  URI baseUrl() {
    if (node != null) {
      return URI.create(node.toString().replaceAll("/+$", ""));
    }
    if (home != null) {
      NodeConfig.Server server = NodeHome.open(home).loadConfig().server();
      String host =
          server.host().equals("0.0.0.0") || server.host().equals("::")
              ? "127.0.0.1"
              : server.host();
      return URI.create(
          "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.port());
    }
    return URI.create(DEFAULT_NODE);
  }
}
