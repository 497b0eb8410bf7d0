package dev.mero4j.console.api;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.runtime.api.ApplicationRegistry;
import dev.mero4j.runtime.api.ContextService;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A running node as the console sees it. Operations the node cannot perform yet throw {@link
 * NotSupportedByNodeException}, so scripts fail with one honest line instead of doing nothing.
 */
public interface ConsoleNode {
  /** The node's home directory; the console keeps its history, aliases and socket there. */
  Path home();

  /** Identity, addresses and providers, as of now. */
  NodeDescription describe();

  /** The installed applications; empty when the node runs without a WASM engine. */
  Optional<ApplicationRegistry> applications();

  /** The contexts; empty when the node runs without a WASM engine. */
  Optional<ContextService> contexts();

  /** Peer ids of the peers with an open connection now; empty when the node runs offline. */
  List<String> connectedPeers();

  /** Replaces the provider of {@code capability} ({@code storage}, {@code wasm}, ...) by {@code name}. */
  default String swapProvider(String capability, String name) {
    throw new NotSupportedByNodeException("swapping providers (" + capability + " -> " + name + ")");
  }

  /** Starts a synchronisation of {@code context} with its peers. */
  default void sync(ContextId context) {
    throw new NotSupportedByNodeException("syncing contexts with peers (this node runs without replication)");
  }

  /** Visits the deltas of a context's causal DAG from the heads towards the root. */
  default void walkDag(ContextId context, Consumer<DagDelta> visitor) {
    throw new NotSupportedByNodeException("walking a context's DAG (this node does not expose it)");
  }
}
