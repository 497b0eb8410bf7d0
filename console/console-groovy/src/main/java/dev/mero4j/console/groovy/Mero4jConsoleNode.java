package dev.mero4j.console.groovy;

import dev.mero4j.console.api.ConsoleNode;
import dev.mero4j.console.api.NodeDescription;
import dev.mero4j.node.Mero4jNode;
import dev.mero4j.node.NodeException;
import dev.mero4j.node.NodeStatus;
import dev.mero4j.node.ProviderSet;
import dev.mero4j.runtime.api.ApplicationRegistry;
import dev.mero4j.runtime.api.ContextService;
import dev.mero4j.transport.api.PeerId;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A {@link Mero4jNode} that someone else started and stops (the OSGi component, {@code mero4j
 * run}), as the console sees it. It cannot swap providers: that needs the node's hot swap.
 */
public final class Mero4jConsoleNode implements ConsoleNode {
  private final Mero4jNode node;
  private final ProviderSet deployed;

  /** @param deployed the providers deployed with the node, listed by {@code providers} */
  public Mero4jConsoleNode(Mero4jNode node, ProviderSet deployed) {
    this.node = node;
    this.deployed = deployed;
  }

  @Override
  public Path home() {
    return node.home().directory();
  }

  @Override
  public NodeDescription describe() {
    NodeStatus status = node.status().orElseThrow(() -> new NodeException("node is not started"));
    return describe(status, deployed);
  }

  static NodeDescription describe(NodeStatus status, ProviderSet deployed) {
    Map<String, List<String>> names = new TreeMap<>();
    if (deployed != null) {
      names.put("storage", List.copyOf(new java.util.TreeSet<>(deployed.storage().keySet())));
      names.put("transport", List.copyOf(new java.util.TreeSet<>(deployed.transports().keySet())));
      names.put("wasm", List.copyOf(new java.util.TreeSet<>(deployed.wasmEngines().keySet())));
    }
    return new NodeDescription(status.publicKey(), status.peerId(), status.addresses(), status.providers(), names);
  }

  @Override
  public Optional<ApplicationRegistry> applications() {
    return node.applications();
  }

  @Override
  public Optional<ContextService> contexts() {
    return node.contexts();
  }

  @Override
  public List<String> connectedPeers() {
    return connectedPeers(node);
  }

  static List<String> connectedPeers(Mero4jNode node) {
    return node.transport()
        .map(t -> t.connectedPeers().stream().sorted().map(PeerId::value).collect(Collectors.toList()))
        .orElse(List.of());
  }
}
