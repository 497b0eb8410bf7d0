package dev.mero4j.runtime.internal;

import dev.mero4j.crdt.CrdtException;
import dev.mero4j.crdt.Delta;
import dev.mero4j.crdt.Transaction;
import dev.mero4j.membership.GovernancePosition;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.runtime.RuntimeLimits;
import dev.mero4j.runtime.api.AppAbi;
import dev.mero4j.runtime.api.AppErrorException;
import dev.mero4j.runtime.api.ExecutionFailedException;
import dev.mero4j.runtime.api.ExecutionLimitException;
import dev.mero4j.runtime.api.ExecutionResult;
import dev.mero4j.runtime.api.RuntimeApiException;
import dev.mero4j.runtime.internal.host.CallFrame;
import dev.mero4j.runtime.internal.host.CallSeeds;
import dev.mero4j.storage.api.WriteBatch;
import dev.mero4j.wasm.api.ResourceLimitException;
import dev.mero4j.wasm.api.WasmException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs one context's app on this node: calls, {@code init}, and the event handlers remote deltas
 * queued.
 *
 * <pre>
 *   local write: executor may write at the governance heads? ─► begin tx ─► run WASM (host
 *                functions write the tx) ─► commit: one signed delta ─► envelope (with the
 *                governance position) sealed under the context key, stored sealed with the DAG
 *                records in one batch ─► after the lock: StateMutation event, broadcast
 *   failure:     any trap, limit or app error ─► DAG reopened from storage, nothing persisted
 * </pre>
 */
final class LocalExecutor {
  private static final System.Logger LOG = System.getLogger(LocalExecutor.class.getName());

  private final LoadedContext context;
  private final AppAbi abi;
  private final RuntimeLimits limits;
  private final InstancePool instances;
  private final BiConsumer<ContextId, byte[]> broadcast;
  private final CallSeeds seeds;

  LocalExecutor(
      LoadedContext context,
      AppAbi abi,
      RuntimeLimits limits,
      InstancePool instances,
      BiConsumer<ContextId, byte[]> broadcast) {
    this.context = context;
    this.abi = abi;
    this.limits = limits;
    this.instances = instances;
    this.broadcast = broadcast;
    this.seeds = new CallSeeds(context.id(), context.record.member().signingKey());
  }

  /** Runs a method: read-only ones under the shared lock, writes one at a time. */
  ExecutionResult execute(AppAbi.Method method, byte[] args, PublicKey executor) {
    if (method.readOnly()) {
      return context.underReadLock(() -> read(method.name(), args, executor));
    }
    return context.underWriteLock(() -> write(method.name(), args, executor, batch -> {}));
  }

  /** Runs {@code init} (when the app has one) and persists the context with its first delta. */
  void initialize(byte[] params, Consumer<WriteBatch> contextRecord) {
    context.underWriteLock(
        () -> {
          if (abi.method("init").isEmpty()) {
            WriteBatch batch = new WriteBatch();
            contextRecord.accept(batch);
            context.store.write(batch);
          } else {
            write("init", params, context.record.member().publicKey(), contextRecord);
          }
          return null;
        });
  }

  /**
   * Runs the queued event handlers of this context (after remote deltas, and after a restart). Many
   * threads may call it at once: each job is claimed under the write lock, and one another caller
   * already ran (its record deleted with its delta) is skipped, so a handler runs once per event.
   */
  void runPendingHandlers() {
    ContextStore store = context.store;
    for (ContextStore.HandlerJob job : store.handlers(context.id())) {
      Optional<String> refusal = EventHandlers.refusal(abi, job.method(), job.argsJson());
      context.lockWrite();
      try {
        if (!store.handlerQueued(job)) {
          continue;
        }
        if (refusal.isEmpty()) {
          write(
              job.method(),
              job.argsJson().getBytes(StandardCharsets.UTF_8),
              context.record.member().publicKey(),
              batch -> store.deleteHandler(batch, job));
        } else {
          LOG.log(
              System.Logger.Level.WARNING,
              "context {0}: a peer''s event asked to run {1}, which {2}; ignored",
              context.id(),
              job.method(),
              refusal.get());
          dropHandler(job);
        }
      } catch (RuntimeApiException e) {
        LOG.log(
            System.Logger.Level.WARNING,
            "event handler {0} failed: {1}",
            job.method(),
            e.getMessage());
        dropHandler(job);
      } finally {
        context.unlockWrite();
      }
    }
  }

  private void dropHandler(ContextStore.HandlerJob job) {
    WriteBatch batch = new WriteBatch();
    context.store.deleteHandler(batch, job);
    context.store.write(batch);
  }

  private ExecutionResult read(String method, byte[] args, PublicKey executor) {
    Transaction tx = context.dag.state().read();
    CallFrame frame = frame(tx, true, method, args, executor);
    run(frame, method);
    if (frame.errorJson() != null) {
      throw new AppErrorException(frame.errorJson());
    }
    return result(frame, Optional.empty());
  }

  /** Under the write lock; the event and the broadcast run after it is released. */
  private ExecutionResult write(
      String method, byte[] args, PublicKey executor, Consumer<WriteBatch> extra) {
    ContextId id = context.id();
    GovernancePosition position = context.governance.authorizeLocalWrite(executor);
    Transaction tx = context.dag.state().begin();
    CallFrame frame = frame(tx, false, method, args, executor);
    Optional<Delta> delta;
    byte[] envelope = null;
    try {
      run(frame, method);
      if (frame.errorJson() != null) {
        throw new AppErrorException(frame.errorJson());
      }
      delta = tx.commitUnsigned();
      WriteBatch batch = new WriteBatch();
      extra.accept(batch);
      if (delta.isPresent()) {
        envelope =
            context.governance.sealEnvelope(
                new DeltaEnvelope(id, delta.get(), frame.events(), position)
                    .encode(context.record.member().signingKey()));
        context.store.putEnvelope(batch, id, delta.get().id(), envelope);
        context.dag.addLocal(delta.get(), batch);
      } else {
        context.store.write(batch);
      }
    } catch (RuntimeException e) {
      context.reload();
      throw e;
    }
    if (delta.isPresent()) {
      context.maybeCheckpoint();
      Hash root = context.dag.state().rootHash();
      byte[] sealed = envelope;
      context.outbox.add(() -> context.events.publish(id, root, frame.events()));
      context.outbox.add(() -> broadcast.accept(id, sealed));
    }
    return result(frame, delta.map(Delta::id));
  }

  private CallFrame frame(
      Transaction tx, boolean readOnly, String method, byte[] args, PublicKey executor) {
    long timeNanos = context.clock.millis() * 1_000_000L;
    Supplier<byte[]> seed = seeds.later(executor, context.dag.heads(), timeNanos, method, args);
    return new CallFrame(context.id(), executor, tx, readOnly, args, timeNanos, seed, limits);
  }

  private void run(CallFrame frame, String method) {
    InstancePool.Pooled pooled = instances.take(context.id());
    pooled.frame().set(frame);
    boolean ok = false;
    try {
      pooled.instance().call(limits.wasm().call(), method);
      ok = frame.errorJson() == null;
    } catch (RuntimeApiException e) {
      throw e;
    } catch (ResourceLimitException e) {
      throw new ExecutionLimitException(method + ": " + e.getMessage(), e);
    } catch (WasmException | CrdtException e) {
      throw new ExecutionFailedException(method + ": " + e.getMessage(), e);
    } finally {
      if (ok) {
        instances.release(pooled);
      } else {
        instances.discard(pooled);
      }
    }
  }

  private ExecutionResult result(CallFrame frame, Optional<DeltaId> delta) {
    String output =
        frame.output() == null ? null : new String(frame.output(), StandardCharsets.UTF_8);
    return new ExecutionResult(
        output, context.dag.state().rootHash(), delta, frame.events(), frame.logs());
  }
}
