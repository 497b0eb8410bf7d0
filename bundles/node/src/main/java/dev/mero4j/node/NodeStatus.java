package dev.mero4j.node;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a node reports about itself once started.
 *
 * @param publicKey the node identity, base58
 * @param peerId the transport's peer id, or null when offline
 * @param addresses the client API URL, then every multiaddr another node can dial (with {@code
 *     /p2p/})
 * @param providers the active provider per capability (storage, transport, wasm)
 */
public record NodeStatus(
    String publicKey, String peerId, List<String> addresses, Map<String, String> providers) {
  public NodeStatus {
    addresses = List.copyOf(addresses);
    providers = Map.copyOf(providers);
  }

  /** The single line logged when the node is ready. */
  public String readyLine(Duration startup) {
    StringBuilder line =
        new StringBuilder("Mero4j node ready in ").append(startup.toMillis()).append(" ms");
    line.append(" | listening ").append(String.join(" ", addresses));
    line.append(" | providers");
    for (String capability : List.of("storage", "transport", "wasm")) {
      line.append(' ')
          .append(capability)
          .append('=')
          .append(providers.getOrDefault(capability, NodeConfig.NONE));
    }
    line.append(" | identity ").append(publicKey);
    if (peerId != null) {
      line.append(" peer ").append(peerId);
    }
    return line.toString();
  }
}
