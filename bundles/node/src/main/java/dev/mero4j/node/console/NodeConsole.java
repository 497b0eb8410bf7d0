package dev.mero4j.node.console;

import dev.mero4j.console.api.ConsoleException;
import dev.mero4j.console.api.ConsoleNode;
import dev.mero4j.console.api.ContextReplication;
import dev.mero4j.console.api.NetworkSummary;
import dev.mero4j.console.api.NodeDescription;
import dev.mero4j.console.api.PeerSummary;
import dev.mero4j.node.Mero4jNode;
import dev.mero4j.node.NodeException;
import dev.mero4j.node.NodeStatus;
import dev.mero4j.node.ProviderSet;
import dev.mero4j.node.SwapJob;
import dev.mero4j.node.internal.NodeInfoAdapter;
import dev.mero4j.node.internal.PeerCommands;
import dev.mero4j.runtime.api.ApplicationRegistry;
import dev.mero4j.runtime.api.ContextService;
import dev.mero4j.server.NodeInfo;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * A running {@link Mero4jNode} as the operator console sees it; published as a service inside OSGi,
 * created by the launcher outside. Whoever started the node also stops it.
 */
@Component(service = ConsoleNode.class)
public final class NodeConsole implements ConsoleNode {
  /**
   * How often a running swap is polled: soon enough to feel instant, rarely enough to cost nothing.
   */
  private static final long SWAP_POLL_NANOS = 100_000_000L;

  /** How long {@link #connect} waits for the peer. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final Mero4jNode node;
  private final NodeReplication replication;

  @Activate
  public NodeConsole(@Reference Mero4jNode node) {
    this.node = node;
    this.replication = new NodeReplication(node);
  }

  @Override
  public Path home() {
    return node.home().directory();
  }

  @Override
  public NodeDescription describe() {
    NodeStatus status = node.status().orElseThrow(() -> new NodeException("node is not started"));
    ProviderSet deployed = node.providers();
    Map<String, List<String>> names = new TreeMap<>();
    names.put("storage", List.copyOf(new TreeSet<>(deployed.storage().keySet())));
    names.put("transport", List.copyOf(new TreeSet<>(deployed.transports().keySet())));
    names.put("wasm", List.copyOf(new TreeSet<>(deployed.wasmEngines().keySet())));
    return new NodeDescription(
        status.publicKey(), status.peerId(), status.addresses(), status.providers(), names);
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
    return node.transport()
        .map(t -> t.connectedPeers().stream().sorted().map(PeerId::value).toList())
        .orElse(List.of());
  }

  @Override
  public List<PeerSummary> peers() {
    return node.transport().map(PeerCommands::peers).orElse(List.of()).stream()
        .map(p -> new PeerSummary(p.peerId(), p.addresses(), p.direction(), p.relayed(), p.agent()))
        .toList();
  }

  @Override
  public String connect(String address) {
    return PeerCommands.connect(online(), address, CONNECT_TIMEOUT);
  }

  @Override
  public void disconnect(String peerId) {
    PeerCommands.disconnect(online(), peerId);
  }

  @Override
  public NetworkSummary network() {
    Transport t = online();
    NodeInfo.NetworkStatus s = PeerCommands.status(t, NodeInfoAdapter.dialable(t.localPeer()));
    return new NetworkSummary(
        s.reachability(),
        s.listenAddresses(),
        s.observedAddresses(),
        s.relayAddresses(),
        s.routingTableSize(),
        s.connectedPeers(),
        s.connections());
  }

  private Transport online() {
    return node.transport()
        .orElseThrow(() -> new ConsoleException("the node runs offline (no transport)"));
  }

  /**
   * Runs the node's live swap (storage migration, engine swap or transport re-open,
   * docs/hot-swap.md) and waits for it.
   */
  @Override
  public String swapProvider(String capability, String name) {
    return finish(node.swapProvider(capability, name));
  }

  /** Re-opens the transport on {@code listen} (docs/hot-swap.md) and waits for it. */
  @Override
  public String swapTransport(String name, List<String> listen) {
    return finish(node.swapTransport(name, listen));
  }

  private String finish(SwapJob started) {
    SwapJob job = started;
    while (!job.phase().finished()) {
      LockSupport.parkNanos(SWAP_POLL_NANOS);
      job = node.swapJob(job.id());
    }
    if (job.phase() != SwapJob.Phase.DONE) {
      throw new ConsoleException(
          job.capability()
              + " swap to "
              + job.to()
              + " rolled back, still on "
              + job.from()
              + " ("
              + job.errorType().orElse("?")
              + "): "
              + job.error().orElse(""));
    }
    return job.capability()
        + " swapped "
        + job.from()
        + " -> "
        + job.to()
        + " live in "
        + job.elapsedMillis()
        + ("transport".equals(job.capability())
            ? " ms (no transport for " + job.pauseMillis() + " ms; writes never paused"
            : " ms (writes paused " + job.pauseMillis() + " ms")
        + "; config.toml updated)";
  }

  @Override
  public Optional<ContextReplication> replication() {
    return node.contexts().isPresent() ? Optional.of(replication) : Optional.empty();
  }
}
