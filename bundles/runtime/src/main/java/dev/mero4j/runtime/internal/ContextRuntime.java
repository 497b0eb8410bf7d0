package dev.mero4j.runtime.internal;

import dev.mero4j.crdt.ContextState;
import dev.mero4j.membership.ContextMembership;
import dev.mero4j.membership.JoinRequest;
import dev.mero4j.membership.JoinResponse;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.runtime.ContextReplica;
import dev.mero4j.runtime.RuntimeLimits;
import dev.mero4j.runtime.api.AppAbi;
import dev.mero4j.runtime.api.ContextInfo;
import dev.mero4j.runtime.api.DeltaDiff;
import dev.mero4j.runtime.api.ExecutionResult;
import dev.mero4j.runtime.api.HistoryPage;
import dev.mero4j.runtime.api.MethodNotFoundException;
import dev.mero4j.runtime.api.StateDiff;
import dev.mero4j.runtime.api.StatePage;
import dev.mero4j.runtime.api.UnauthorizedException;
import dev.mero4j.storage.api.WriteBatch;
import dev.mero4j.wasm.api.CompiledModule;
import java.time.Clock;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One loaded context: its shared state ({@link LoadedContext}), the {@link LocalExecutor} that runs
 * its app here and the {@link ReplicaSide} its peers reach.
 */
public final class ContextRuntime {
  private final LoadedContext context;
  private final AppAbi abi;
  private final LocalExecutor executor;
  private final ReplicaSide replica;
  private final TimeTravel travel;

  public ContextRuntime(
      ContextStore.ContextRecord record,
      CompiledModule module,
      AppAbi abi,
      ContextStore store,
      EventHub events,
      RuntimeLimits limits,
      Clock clock,
      BiConsumer<ContextId, byte[]> broadcast,
      ContextMembership membership,
      BiConsumer<ContextId, byte[]> governanceBroadcast,
      InstancePools pools) {
    this.context = new LoadedContext(record, store, events, clock, membership, governanceBroadcast);
    this.abi = abi;
    this.executor =
        new LocalExecutor(context, abi, limits, pools.of(record.app(), module), broadcast);
    this.replica = new ReplicaSide(context, executor::runPendingHandlers);
    this.travel = new TimeTravel(context);
  }

  public ContextStore.ContextRecord record() {
    return context.record;
  }

  public AppAbi abi() {
    return abi;
  }

  public ContextInfo info() {
    return context.info();
  }

  /** This context as its peers reach it. */
  public ContextReplica replica() {
    return replica;
  }

  /** The app method {@code name} that callers may run ({@code init} is not one). */
  public AppAbi.Method method(String name) {
    return abi.method(name)
        .filter(m -> !dev.mero4j.runtime.ContextManager.INIT.equals(m.name()))
        .orElseThrow(
            () -> new MethodNotFoundException("the application has no method '" + name + "'"));
  }

  /** This node's identity in the context, when {@code executor} (if given) is that identity. */
  public PublicKey member(Optional<PublicKey> executor) {
    PublicKey member = context.record.member().publicKey();
    if (executor.isPresent() && !executor.get().equals(member)) {
      throw new UnauthorizedException(
          "this node holds no identity " + executor.get() + " in context " + context.id());
    }
    return member;
  }

  /** Runs a method: read-only ones under the shared lock, writes one at a time. */
  public ExecutionResult execute(AppAbi.Method method, byte[] args, PublicKey executor) {
    return this.executor.execute(method, args, executor);
  }

  /** Runs a read-only method against the state at delta {@code at} (time travel). */
  public ExecutionResult executeAt(
      AppAbi.Method method, DeltaId at, byte[] args, PublicKey executor) {
    return travel.execute(this.executor, method, at, args, executor);
  }

  /** A page of this context's deltas, newest first. */
  public HistoryPage history(int limit, Optional<String> cursor) {
    return travel.history(limit, cursor);
  }

  /** What changed between the states at two deltas. */
  public StateDiff diff(DeltaId from, DeltaId to, int limit) {
    return travel.diff(from, to, limit);
  }

  /** What one delta changed against its parents' state. */
  public DeltaDiff deltaDiff(DeltaId delta, int limit) {
    return travel.deltaDiff(delta, limit);
  }

  /** A page of the state browser (live state when {@code at} is empty). */
  public StatePage state(Optional<DeltaId> at, String path, int limit, Optional<String> cursor) {
    return travel.state(at, path, limit, cursor);
  }

  /** The state at delta {@code at}, rebuilt in memory (a copy: changing it changes nothing). */
  public ContextState stateAt(DeltaId at) {
    return travel.stateAt(at);
  }

  /** Runs {@code init} (when the app has one) and persists the context with its first delta. */
  public void initialize(byte[] params, Consumer<WriteBatch> contextRecord) {
    executor.initialize(params, contextRecord);
  }

  /** Runs the event handlers remote deltas queued (on load: those a restart left). */
  public void runPendingHandlers() {
    executor.runPendingHandlers();
  }

  /** Answers a peer's join request with this node's identity (accepting or refusing it). */
  public JoinResponse admit(JoinRequest request) {
    return context.membership(g -> g.admit(request));
  }

  /** Runs a membership operation with no result under the context's write lock. */
  public void govern(java.util.function.Consumer<ContextGovernance> operation) {
    membership(
        g -> {
          operation.accept(g);
          return null;
        });
  }

  /**
   * Membership operations of this node's identity; the governance state is guarded by the write
   * lock.
   */
  public <T> T membership(Function<ContextGovernance, T> operation) {
    return context.membership(operation);
  }
}
