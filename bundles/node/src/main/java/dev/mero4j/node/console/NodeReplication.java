package dev.mero4j.node.console;

import dev.mero4j.console.api.ConsoleException;
import dev.mero4j.console.api.ContextReplication;
import dev.mero4j.console.api.NotSupportedByNodeException;
import dev.mero4j.node.Mero4jNode;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.replication.Replicator;
import dev.mero4j.runtime.ContextManager;
import dev.mero4j.runtime.ContextReplica;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The replicas of a running node's contexts, for the console: sync now, heads and parents. */
final class NodeReplication implements ContextReplication {
  /** How long a console-triggered sync may take before the operator gets the prompt back. */
  private static final long SYNC_TIMEOUT_SECONDS = 60;

  private final Mero4jNode node;

  NodeReplication(Mero4jNode node) {
    this.node = node;
  }

  @Override
  public void sync(ContextId context) {
    Replicator replicator =
        node.replicator()
            .orElseThrow(
                () ->
                    new NotSupportedByNodeException(
                        "syncing contexts with peers (this node runs offline, without a transport)"));
    try {
      replicator.syncNow(context).get(SYNC_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConsoleException("sync of " + context + " interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new ConsoleException("sync of " + context + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public List<DeltaId> heads(ContextId context) {
    return replica(context).heads();
  }

  @Override
  public Optional<List<DeltaId>> parents(ContextId context, DeltaId delta) {
    return replica(context).parents(delta);
  }

  private ContextReplica replica(ContextId context) {
    ContextManager contexts =
        (ContextManager)
            node.contexts()
                .orElseThrow(
                    () ->
                        new NotSupportedByNodeException(
                            "the DAG of a context on a node without a WASM engine"));
    return contexts.replica(context);
  }
}
