package dev.mero4j.console.groovy.internal;

import dev.mero4j.console.api.ContextReplication;
import dev.mero4j.console.api.NotSupportedByNodeException;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import groovy.lang.Closure;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** A context's causal DAG: {@code ctx('kv').dag().heads()}, {@code .walk { delta -> ... }}. */
public final class DagView {
  private final ShellSession session;
  private final ContextHandle context;

  DagView(ShellSession session, ContextHandle context) {
    this.session = session;
    this.context = context;
  }

  /** The ids of the DAG heads (deltas with no children yet), Base58. */
  public List<String> heads() {
    return context.info().dagHeads().stream().map(DeltaId::toBase58).collect(Collectors.toList());
  }

  /**
   * Calls {@code visitor} with each delta, breadth first from the heads towards the root, through
   * every delta whose envelope the node holds (a pruned delta ends its branch).
   */
  public void walk(Closure<?> visitor) {
    ContextReplication replication =
        session
            .node()
            .replication()
            .orElseThrow(
                () ->
                    new NotSupportedByNodeException(
                        "walking a context's DAG on a node without a WASM engine"));
    ContextId id = context.contextId();
    List<DeltaId> heads = replication.heads(id);
    Deque<DeltaId> queue = new ArrayDeque<>(heads);
    Set<DeltaId> seen = new HashSet<>(heads);
    while (!queue.isEmpty()) {
      DeltaId delta = queue.poll();
      Optional<List<DeltaId>> parents = replication.parents(id, delta);
      if (parents.isEmpty() && !heads.contains(delta)) {
        continue;
      }
      visitor.call(new DagDelta(delta, parents.orElse(List.of())));
      parents.orElse(List.of()).stream().filter(seen::add).forEach(queue::add);
    }
  }

  @Override
  public String toString() {
    return "dag of " + context;
  }
}
