package dev.mero4j.runtime.api;

import dev.mero4j.primitives.ContextId;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * What a node does to its contexts, told to replication for publishing: called after the context's
 * lock is released, in commit order per context.
 */
public interface CommitFeed {
  /** Called with the sealed envelope of every delta this node commits. */
  void onCommit(BiConsumer<ContextId, byte[]> listener);

  /** Called with every governance op this node issues, sealed. */
  void onGovernance(BiConsumer<ContextId, byte[]> listener);

  /** Called with the id of every context this node joins. */
  void onJoin(Consumer<ContextId> listener);

  /** Called with the id of every context deleted here. */
  void onDelete(Consumer<ContextId> listener);
}
