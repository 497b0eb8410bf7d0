package dev.mero4j.console.groovy.internal;

import dev.mero4j.primitives.DeltaId;
import dev.mero4j.runtime.api.ExecutionResult;
import dev.mero4j.runtime.api.StatePage;
import java.util.Map;
import java.util.Optional;

/**
 * A context as it stood at one delta: {@code ctx('kv').at(deltaId).call('get', key: 'a')}. Only
 * read-only methods run; the state is rebuilt for each call and nothing of the live context
 * changes.
 */
public final class PastContext {
  private final ShellSession session;
  private final ContextHandle context;
  private final DeltaId at;

  PastContext(ShellSession session, ContextHandle context, DeltaId at) {
    this.session = session;
    this.context = context;
    this.at = at;
  }

  /** Calls a read-only method with no arguments. */
  public CallResult call(String method) {
    return call(method, Map.of());
  }

  /** Calls a read-only {@code method} with {@code args} against the state at this delta. */
  public CallResult call(String method, Map<?, ?> args) {
    ExecutionResult result =
        session
            .contexts()
            .executeAt(context.contextId(), at, method, Json.write(args), Optional.empty());
    return new CallResult(session.label(context.contextId()) + "@" + at.toBase58(), method, result);
  }

  /** Groovy named arguments: {@code ctx('kv').at(d).call('get', key: 'a')}. */
  public CallResult call(Map<?, ?> args, String method) {
    return call(method, args);
  }

  /** The state browser at the root, as the state stood at this delta. */
  public StatePage state() {
    return state("");
  }

  /** The first 100 entries of the collection at {@code path}, as it stood at this delta. */
  public StatePage state(String path) {
    return state(path, null, 100);
  }

  /** The page after {@code previous} (null: the first), as the state stood at this delta. */
  public StatePage state(String path, StatePage previous, int limit) {
    return StateBrowsing.page(session, context.contextId(), Optional.of(at), path, previous, limit);
  }

  public String getDelta() {
    return at.toBase58();
  }

  @Override
  public String toString() {
    return context + ".at(" + at.toBase58() + ")";
  }
}
