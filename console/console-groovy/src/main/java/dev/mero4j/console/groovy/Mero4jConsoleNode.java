package dev.mero4j.console.groovy;

import dev.mero4j.console.api.DagDelta;
import dev.mero4j.console.api.NotSupportedByNodeException;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.replication.Replicator;
import dev.mero4j.runtime.ContextManager;
import dev.mero4j.runtime.ContextReplica;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
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
 * run}), as the console sees it. Provider swaps go through the node's live hot swap.
 */
public final class Mero4jConsoleNode implements ConsoleNode {
  /** How often a running provider swap is polled. */
  private static final long SWAP_POLL_NANOS = 100_000_000L;

  /** How long a console-triggered sync may take. */
  private static final long SYNC_TIMEOUT_SECONDS = 60;

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

  /** Swaps live (storage migration or engine swap, see docs/hot-swap.md) and waits for the outcome. */
  @Override
  public String swapProvider(String capability, String name) {
    return swapLive(node, capability, name);
  }

  /** Starts a live swap on {@code node}, waits until it finishes and says what happened. */
  static String swapLive(Mero4jNode node, String capability, String name) {
    dev.mero4j.node.SwapJob job = node.swapProvider(capability, name);
    while (!job.phase().finished()) {
      java.util.concurrent.locks.LockSupport.parkNanos(SWAP_POLL_NANOS);
      job = node.swapJob(job.id());
    }
    if (job.phase() != dev.mero4j.node.SwapJob.Phase.DONE) {
      throw new dev.mero4j.console.api.ConsoleException(capability + " swap to " + name + " rolled back, still on "
          + job.from() + " (" + job.errorType().orElse("?") + "): " + job.error().orElse(""));
    }
    return capability + " swapped " + job.from() + " -> " + job.to() + " live in " + job.elapsedMillis()
        + " ms (writes paused " + job.pauseMillis() + " ms; config.toml updated)";
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

  @Override
  public void sync(ContextId context) {
    Replicator replicator = node.replicator()
        .orElseThrow(() -> new NotSupportedByNodeException("syncing: this node runs offline (no transport)"));
    try {
      replicator.syncNow(context).get(SYNC_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("sync of " + context + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void walkDag(ContextId context, Consumer<DagDelta> visitor) {
    ContextReplica replica = node.contexts().map(c -> ((ContextManager) c).replica(context))
        .orElseThrow(() -> new NotSupportedByNodeException("walking the DAG: this node runs no application runtime"));
    Deque<DeltaId> queue = new ArrayDeque<>(replica.heads());
    Set<DeltaId> seen = new HashSet<>(queue);
    while (!queue.isEmpty()) {
      DeltaId id = queue.poll();
      List<DeltaId> parents = replica.parents(id).orElse(List.of());
      visitor.accept(new DagDelta(id, parents));
      for (DeltaId parent : parents) {
        if (seen.add(parent) && replica.contains(parent)) {
          queue.add(parent);
        }
      }
    }
  }

  static List<String> connectedPeers(Mero4jNode node) {
    return node.transport()
        .map(t -> t.connectedPeers().stream().sorted().map(PeerId::value).collect(Collectors.toList()))
        .orElse(List.of());
  }
}
