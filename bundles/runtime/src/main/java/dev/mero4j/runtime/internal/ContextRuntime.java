package dev.mero4j.runtime.internal;

import dev.mero4j.crdt.ContextState;
import dev.mero4j.crdt.CrdtException;
import dev.mero4j.crdt.Delta;
import dev.mero4j.crdt.HybridClock;
import dev.mero4j.crdt.Transaction;
import dev.mero4j.primitives.BinaryWriter;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.runtime.RuntimeLimits;
import dev.mero4j.runtime.api.AppAbi;
import dev.mero4j.runtime.api.AppErrorException;
import dev.mero4j.runtime.api.ContextInfo;
import dev.mero4j.runtime.api.ExecutionFailedException;
import dev.mero4j.runtime.api.ExecutionLimitException;
import dev.mero4j.runtime.api.ExecutionResult;
import dev.mero4j.runtime.api.RuntimeApiException;
import dev.mero4j.runtime.internal.host.CallFrame;
import dev.mero4j.runtime.internal.host.FrameRef;
import dev.mero4j.runtime.internal.host.HostAbi;
import dev.mero4j.storage.api.WriteBatch;
import dev.mero4j.wasm.api.CompiledModule;
import dev.mero4j.wasm.api.ResourceLimitException;
import dev.mero4j.wasm.api.WasmException;
import dev.mero4j.wasm.api.WasmInstance;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * One loaded context: its CRDT state, its app's compiled module and the lock that serialises writes.
 *
 * <pre>
 *   write call:  begin tx ─► run WASM (host functions write the tx) ─► commit: one signed delta
 *                ─► one WriteBatch (delta, snapshot when due) ─► publish StateMutation
 *   failure:     any trap, limit or app error ─► state reloaded from storage, nothing persisted
 * </pre>
 */
public final class ContextRuntime {
  /** A snapshot is stored every this many deltas, bounding the replay after a restart. */
  static final int SNAPSHOT_EVERY = 1000;

  private final ContextStore.ContextRecord record;
  private final CompiledModule module;
  private final AppAbi abi;
  private final ContextStore store;
  private final EventHub events;
  private final RuntimeLimits limits;
  private final Clock clock;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);
  private ContextState state;
  private long nextSeq;

  public ContextRuntime(ContextStore.ContextRecord record, CompiledModule module, AppAbi abi, ContextStore store,
      EventHub events, RuntimeLimits limits, Clock clock) {
    this.record = record;
    this.module = module;
    this.abi = abi;
    this.store = store;
    this.events = events;
    this.limits = limits;
    this.clock = clock;
    reload();
  }

  public ContextStore.ContextRecord record() {
    return record;
  }

  public AppAbi abi() {
    return abi;
  }

  /** Runs a method: read-only ones under the shared lock, writes one at a time. */
  public ExecutionResult execute(AppAbi.Method method, byte[] args, PublicKey executor) {
    Lock l = method.readOnly() ? lock.readLock() : lock.writeLock();
    l.lock();
    try {
      return method.readOnly() ? read(method.name(), args, executor) : write(method.name(), args, executor, batch -> { });
    } finally {
      l.unlock();
    }
  }

  /** Runs {@code init} (when the app has one) and persists the context with its first delta. */
  public ExecutionResult initialize(byte[] params, Consumer<WriteBatch> contextRecord) {
    lock.writeLock().lock();
    try {
      if (abi.method("init").isEmpty()) {
        WriteBatch batch = new WriteBatch();
        contextRecord.accept(batch);
        store.write(batch);
        return new ExecutionResult(null, state.rootHash(), Optional.empty(), java.util.List.of(), java.util.List.of());
      }
      return write("init", params, record.member().publicKey(), contextRecord);
    } finally {
      lock.writeLock().unlock();
    }
  }

  public ContextInfo info() {
    lock.readLock().lock();
    try {
      return new ContextInfo(record.id(), record.app(), state.rootHash(), state.heads());
    } finally {
      lock.readLock().unlock();
    }
  }

  private ExecutionResult read(String method, byte[] args, PublicKey executor) {
    Transaction tx = state.read();
    CallFrame frame = frame(tx, true, method, args, executor);
    run(frame, method);
    if (frame.errorJson() != null) {
      throw new AppErrorException(frame.errorJson());
    }
    return result(frame, Optional.empty());
  }

  private ExecutionResult write(String method, byte[] args, PublicKey executor, Consumer<WriteBatch> extra) {
    Transaction tx = state.begin();
    CallFrame frame = frame(tx, false, method, args, executor);
    Optional<Delta> delta;
    WriteBatch batch = new WriteBatch();
    try {
      run(frame, method);
      if (frame.errorJson() != null) {
        throw new AppErrorException(frame.errorJson());
      }
      delta = tx.commit();
      extra.accept(batch);
      if (delta.isPresent()) {
        store.appendDelta(batch, record.id(), nextSeq, delta.get(), frame.events());
        if ((nextSeq + 1) % SNAPSHOT_EVERY == 0) {
          store.putSnapshot(batch, record.id(), nextSeq + 1, state.exportSnapshot());
        }
      }
      if (!batch.isEmpty()) {
        store.write(batch);
      }
    } catch (RuntimeException e) {
      reload();
      throw e;
    }
    if (delta.isPresent()) {
      nextSeq++;
      events.publish(record.id(), state.rootHash(), frame.events());
    }
    return result(frame, delta.map(Delta::id));
  }

  private CallFrame frame(Transaction tx, boolean readOnly, String method, byte[] args, PublicKey executor) {
    BinaryWriter seed = new BinaryWriter().id(record.id());
    state.heads().forEach(seed::id);
    seed.string(method).bytes(args);
    return new CallFrame(record.id(), executor, tx, readOnly, args, clock.millis() * 1_000_000L,
        Hash.sha256(seed.toByteArray()).toBytes(), limits);
  }

  private void run(CallFrame frame, String method) {
    FrameRef ref = new FrameRef();
    ref.set(frame);
    try (WasmInstance instance = module.instantiate(HostAbi.imports(ref))) {
      instance.call(limits.wasm().call(), method);
    } catch (RuntimeApiException e) {
      throw e;
    } catch (ResourceLimitException e) {
      throw new ExecutionLimitException(method + ": " + e.getMessage(), e);
    } catch (WasmException | CrdtException e) {
      throw new ExecutionFailedException(method + ": " + e.getMessage(), e);
    }
  }

  private ExecutionResult result(CallFrame frame, Optional<DeltaId> delta) {
    String output = frame.output() == null ? null : new String(frame.output(), StandardCharsets.UTF_8);
    return new ExecutionResult(output, state.rootHash(), delta, frame.events(), frame.logs());
  }

  /** Replaces the in-memory state with what storage holds: the undo of a failed call. */
  private void reload() {
    ContextStore.Restored restored = store.restore(record.id(), record.member(), new HybridClock(clock));
    state = restored.state();
    nextSeq = restored.nextSeq();
  }
}
