package dev.mero4j.runtime.api;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.PublicKey;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** Contexts (running instances of applications) on this node. Thread-safe. */
public interface ContextService {
  /** Creates a context of {@code application}, running its {@code init} with JSON params. */
  CreatedContext create(ApplicationId application, String initParamsJson);

  List<ContextInfo> list();

  Optional<ContextInfo> get(ContextId id);

  void delete(ContextId id);

  /**
   * Executes {@code method} with JSON arguments. A write commits exactly one signed delta; a
   * failure of any kind discards every write of the call.
   *
   * @param executor the member identity to act as; empty means the context's default identity on
   *     this node
   */
  ExecutionResult execute(ContextId context, String method, String argsJson, Optional<PublicKey> executor);

  /**
   * Delivers a {@link ContextEvent} for every state mutation (local or remote) of the given
   * contexts, or of every context when {@code contexts} is empty, until the subscription is closed.
   */
  EventSubscription subscribe(Set<ContextId> contexts, Consumer<ContextEvent> listener);

  /** The member identities this node holds in a context. */
  List<PublicKey> identities(ContextId context);
}
