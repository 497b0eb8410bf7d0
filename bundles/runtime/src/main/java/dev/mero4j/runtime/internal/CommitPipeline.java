package dev.mero4j.runtime.internal;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.runtime.api.ExecutionResult;
import dev.mero4j.storage.api.WriteBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The group commit of one context's writes: calls that arrive while a batch commits wait, then run
 * in arrival order as one batch, stored in one storage write and signed once.
 *
 * <pre>
 *   submit(call) ─► queue ─► leader lock ─► drain ≤ MAX_BATCH calls ─► under the write lock, each
 *                  call in order: run WASM, its delta applied to the state (parent: the one
 *                  before) ─► sign the batch once ─► seal each envelope ─► the DAG records and
 *                  envelopes in ONE storage write (CausalDag.inOneCommit) ─► unlock: events and
 *                  broadcasts ─► each caller gets its result, once its batch is stored
 *   a failing call: the calls before it are committed, the state reloads, it alone gets the error,
 *                   the calls after it start a new batch
 *   a lone call:    commits at once (a batch of one), no timer
 * </pre>
 */
final class CommitPipeline {
  /** One write call waiting for its batch, then its outcome; fields set before {@code done}. */
  static final class Call {
    final String method;
    final byte[] args;
    final PublicKey executor;
    final Consumer<WriteBatch> extra;
    private ExecutionResult result;
    private RuntimeException failure;
    private volatile boolean done;
    private Thread waiter;

    /** {@code extra} adds the caller's records (a handler job's deletion) to the call's commit. */
    Call(String method, byte[] args, PublicKey executor, Consumer<WriteBatch> extra) {
      this.method = method;
      this.args = args;
      this.executor = executor;
      this.extra = extra;
    }

    private ExecutionResult outcome() {
      if (failure != null) {
        throw failure;
      }
      return result;
    }
  }

  /** What a call that ran left to commit: its envelope (if it changed anything) and its result. */
  record Staged(Optional<DeltaEnvelope> envelope, ExecutionResult result) {}

  /**
   * Runs one call under the write lock: its delta is applied to the state, not yet recorded or
   * stored.
   */
  interface Runner {
    Staged run(Call call);
  }

  private final LoadedContext context;
  private final Runner runner;
  private final BiConsumer<ContextId, byte[]> broadcast;
  private final Queue<Call> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean leading = new AtomicBoolean();

  /** The thread leading a batch, while it does (its side effects may call back in). */
  private volatile Thread leader;

  CommitPipeline(LoadedContext context, Runner runner, BiConsumer<ContextId, byte[]> broadcast) {
    this.context = context;
    this.runner = runner;
    this.broadcast = broadcast;
  }

  /**
   * Commits {@code call} with the calls queued beside it; returns once it is stored. The caller
   * that finds no leader leads one batch, then wakes the first caller still queued to lead the
   * next; the others sleep until their batch is stored.
   */
  ExecutionResult submit(Call call) {
    if (leader == Thread.currentThread()) {
      // A side effect of this thread's batch (an event subscriber) writes: it cannot wait for it.
      return context.underWriteLock(() -> commitAlone(call));
    }
    call.waiter = Thread.currentThread();
    queue.add(call);
    boolean interrupted = false;
    while (!call.done) {
      if (leading.compareAndSet(false, true)) {
        leader = Thread.currentThread();
        try {
          if (!call.done) {
            lead();
          }
        } finally {
          leader = null;
          leading.set(false);
          Call next = queue.peek();
          if (next != null) {
            LockSupport.unpark(next.waiter);
          }
        }
      } else {
        LockSupport.park(this);
        // A call cannot be withdrawn once queued: the interrupt is kept for the caller.
        interrupted |= Thread.interrupted();
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return call.outcome();
  }

  /** Commits {@code call} alone; the caller holds the write lock. */
  ExecutionResult commitAlone(Call call) {
    commit(List.of(call));
    return call.outcome();
  }

  /** As the leader: drains the queue once the write lock is held, so waiting calls join. */
  private void lead() {
    List<Call> batch = new ArrayList<>();
    context.lockWrite();
    try {
      for (Call next = queue.poll(); next != null; ) {
        batch.add(next);
        next = batch.size() < BatchProof.MAX_BATCH ? queue.poll() : null;
      }
      commit(batch);
    } finally {
      context.unlockWrite();
      for (Call call : batch) {
        if (call.result == null && call.failure == null) {
          call.failure = new IllegalStateException("the commit of call " + call.method + " failed");
        }
        call.done = true;
        LockSupport.unpark(call.waiter);
      }
    }
  }

  /**
   * Under the write lock: runs {@code calls} in order, committing them in as few batches as can.
   */
  private void commit(List<Call> calls) {
    long appliedBefore = context.dag.appliedCount();
    List<Call> ran = new ArrayList<>();
    List<Staged> outcomes = new ArrayList<>();
    for (Call call : calls) {
      try {
        outcomes.add(runner.run(call));
        ran.add(call);
      } catch (RuntimeException e) {
        // No rollback: store what ran before this call, then reload the state from storage.
        store(ran, outcomes);
        ran.clear();
        outcomes.clear();
        context.reload();
        call.failure = e;
      }
    }
    store(ran, outcomes);
    context.maybeCheckpoint(appliedBefore);
  }

  /**
   * Signs the calls' deltas once, stores them with their envelopes and records in one write, then
   * answers them; if the write fails, the state reloads and they all fail.
   */
  private void store(List<Call> calls, List<Staged> outcomes) {
    if (calls.isEmpty()) {
      return;
    }
    List<byte[]> sealed;
    try {
      sealed = seal(outcomes);
      // The records of calls that changed nothing (a handler job's deletion) ride with the batch's
      // first delta, so the whole batch is one storage write; without a delta they are the write.
      WriteBatch unchanged = new WriteBatch();
      for (int i = 0; i < calls.size(); i++) {
        if (outcomes.get(i).envelope().isEmpty()) {
          calls.get(i).extra.accept(unchanged);
        }
      }
      if (sealed.isEmpty()) {
        context.store.write(unchanged);
      } else {
        context.dag.inOneCommit(
            () -> {
              WriteBatch first = unchanged;
              for (int i = 0, next = 0; i < calls.size(); i++) {
                Optional<DeltaEnvelope> envelope = outcomes.get(i).envelope();
                if (envelope.isPresent()) {
                  WriteBatch with = first == null ? new WriteBatch() : first;
                  first = null;
                  calls.get(i).extra.accept(with);
                  var delta = envelope.get().delta();
                  context.store.putEnvelope(with, context.id(), delta.id(), sealed.get(next++));
                  context.dag.addLocal(delta, with);
                }
              }
              return null;
            });
      }
    } catch (RuntimeException e) {
      context.reload();
      calls.forEach(call -> call.failure = e);
      return;
    }
    answer(calls, outcomes, sealed);
  }

  /** The batch's envelopes in order, under one signature, each sealed under the context key. */
  private List<byte[]> seal(List<Staged> outcomes) {
    List<DeltaEnvelope> envelopes = new ArrayList<>();
    outcomes.forEach(s -> s.envelope().ifPresent(envelopes::add));
    List<byte[]> sealed = new ArrayList<>(envelopes.size());
    if (!envelopes.isEmpty()) {
      for (byte[] inner :
          DeltaEnvelope.encodeBatch(envelopes, context.record.member().signingKey())) {
        sealed.add(context.governance.sealEnvelope(inner));
      }
    }
    return sealed;
  }

  /** Sets each stored call's result and queues its event and broadcast for after the lock. */
  private void answer(List<Call> calls, List<Staged> outcomes, List<byte[]> sealed) {
    ContextId id = context.id();
    int next = 0;
    for (int i = 0; i < calls.size(); i++) {
      Staged outcome = outcomes.get(i);
      calls.get(i).result = outcome.result();
      if (outcome.envelope().isPresent()) {
        byte[] envelope = sealed.get(next++);
        var events = outcome.envelope().get().events();
        var root = outcome.result().rootHash();
        context.outbox.add(() -> context.events.publish(id, root, events));
        context.outbox.add(() -> broadcast.accept(id, envelope));
      }
    }
  }
}
