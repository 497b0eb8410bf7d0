package dev.mero4j.runtime.internal;

import dev.mero4j.crdt.ContextState;
import dev.mero4j.crdt.CrdtException;
import dev.mero4j.crdt.Delta;
import dev.mero4j.crdt.Transaction;
import dev.mero4j.membership.GovernancePosition;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
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
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs one context's app on this node: calls, {@code init}, and the event handlers remote deltas
 * queued.
 *
 * <pre>
 *   local write: through the CommitPipeline, with the writes queued beside it ─► executor may
 *                write at the governance heads? ─► begin tx ─► run WASM (host functions write the
 *                tx) ─► commit: one unsigned delta, staged ─► the batch's envelopes (each with its
 *                governance position) signed once, sealed under the context key, stored with the
 *                DAG records in one write ─► after the lock: StateMutation events, broadcasts
 *   failure:     any trap, limit or app error ─► the calls before it are stored, the DAG reopened
 *                from storage, nothing of this call persisted
 * </pre>
 */
final class LocalExecutor {
  private static final System.Logger LOG = System.getLogger(LocalExecutor.class.getName());

  private final LoadedContext context;
  private final AppAbi abi;
  private final RuntimeLimits limits;
  private final InstancePool instances;
  private final CallSeeds seeds;
  private final CommitPipeline pipeline;

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
    this.pipeline = new CommitPipeline(context, this::stage, broadcast);
    this.seeds = new CallSeeds(context.id(), context.record.member().signingKey());
  }

  /**
   * Runs a method: read-only ones under the shared lock, writes through the context's group commit.
   */
  ExecutionResult execute(AppAbi.Method method, byte[] args, PublicKey executor) {
    if (method.readOnly()) {
      return context.underReadLock(() -> read(method.name(), args, executor));
    }
    return pipeline.submit(new CommitPipeline.Call(method.name(), args, executor, batch -> {}));
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
            pipeline.commitAlone(
                new CommitPipeline.Call(
                    "init", params, context.record.member().publicKey(), contextRecord));
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
          pipeline.commitAlone(
              new CommitPipeline.Call(
                  job.method(),
                  job.argsJson().getBytes(StandardCharsets.UTF_8),
                  context.record.member().publicKey(),
                  batch -> store.deleteHandler(batch, job)));
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
    return readFrom(context.dag.state(), method, args, executor);
  }

  /**
   * Runs a read-only method against {@code state}, a past state rebuilt for time travel: no lock,
   * since nothing shared is read or written.
   */
  ExecutionResult readFrom(ContextState state, String method, byte[] args, PublicKey executor) {
    Transaction tx = state.read();
    CallFrame frame = frame(tx, true, method, args, executor, state.heads());
    run(frame, method);
    if (frame.errorJson() != null) {
      throw new AppErrorException(frame.errorJson());
    }
    return result(frame, Optional.empty(), state);
  }

  /**
   * Under the write lock: runs one call of a batch, its delta applied to the state; the pipeline
   * signs, records, stores and announces it.
   */
  private CommitPipeline.Staged stage(CommitPipeline.Call call) {
    GovernancePosition position = context.governance.authorizeLocalWrite(call.executor);
    Transaction tx = context.dag.state().begin();
    CallFrame frame = frame(tx, false, call.method, call.args, call.executor, context.dag.heads());
    run(frame, call.method);
    if (frame.errorJson() != null) {
      throw new AppErrorException(frame.errorJson());
    }
    Optional<Delta> delta = tx.commitUnsigned();
    return new CommitPipeline.Staged(
        delta.map(d -> new DeltaEnvelope(context.id(), d, frame.events(), position)),
        result(frame, delta.map(Delta::id), context.dag.state()));
  }

  private CallFrame frame(
      Transaction tx,
      boolean readOnly,
      String method,
      byte[] args,
      PublicKey executor,
      List<DeltaId> heads) {
    long timeNanos = context.clock.millis() * 1_000_000L;
    Supplier<byte[]> seed = seeds.later(executor, heads, timeNanos, method, args);
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

  private ExecutionResult result(CallFrame frame, Optional<DeltaId> delta, ContextState state) {
    String output =
        frame.output() == null ? null : new String(frame.output(), StandardCharsets.UTF_8);
    return new ExecutionResult(output, state.rootHash(), delta, frame.events(), frame.logs());
  }
}
