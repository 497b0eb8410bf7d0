package dev.mero4j.console.groovy.internal;

import dev.mero4j.primitives.DeltaId;
import groovy.lang.Closure;
import java.util.List;
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

  /** Calls {@code visitor} with each delta, from the heads towards the root. */
  public void walk(Closure<?> visitor) {
    session.node().walkDag(context.contextId(), visitor::call);
  }

  @Override
  public String toString() {
    return "dag of " + context;
  }
}
