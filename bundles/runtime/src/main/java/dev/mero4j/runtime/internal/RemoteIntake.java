package dev.mero4j.runtime.internal;

import dev.mero4j.crdt.CrdtException;
import dev.mero4j.dag.AddOutcome;
import dev.mero4j.dag.DagException;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.runtime.api.AppEvent;
import dev.mero4j.runtime.api.RejectedDeltaException;
import dev.mero4j.runtime.api.ReplicaLog.PreparedEnvelope;
import dev.mero4j.runtime.api.ReplicaLog.RemoteOutcome;
import dev.mero4j.storage.api.WriteBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Takes peers' sealed envelopes into one context: the costly checks run without the lock, on the
 * caller's thread, and a frame this context already took skips them; the apply then runs under the
 * write lock, one delta at a time or a catch-up page as one storage commit.
 *
 * <pre>
 *   prepare (no lock): SHA-256 ─► frame taken recently, its delta still known? ─► KNOWN
 *                               └► open ─► decode and verify ─► OPENED (or unopened: key not held)
 *   apply (write lock): known? DUPLICATE ─► author may write at its position? ─► DAG add ─► one
 *                       batch (or the page's commit) holds the delta, its envelope, its handler jobs
 * </pre>
 *
 * Frames taken are remembered in the context's one memo of passed checks ({@link VerifiedBatches},
 * which also holds the batch signatures that verified). The hash covers every byte, so only the
 * very frame already taken is skipped: a different frame claiming the same delta is opened and
 * judged as any other.
 */
final class RemoteIntake {
  private final LoadedContext context;
  private final Runnable runHandlers;
  private final AtomicLong opened = new AtomicLong();

  /**
   * Events of the page being committed ({@link #applyPage}) whose deltas wait for parents: not in
   * storage yet, so a parent later in the page finds them here. Null outside a page; write lock.
   */
  private Map<DeltaId, List<AppEvent>> pageEvents;

  RemoteIntake(LoadedContext context, Runnable runHandlers) {
    this.context = context;
    this.runHandlers = runHandlers;
  }

  /** A frame checked without the lock: its hash, and its envelope (null when known or unopened). */
  record Prepared(byte[] sealed, Hash frame, DeltaEnvelope envelope, boolean known)
      implements PreparedEnvelope {
    @Override
    public byte[] sealed() {
      return sealed;
    }
  }

  /** Checks {@code sealed} without the context lock. */
  Prepared prepare(byte[] sealed) {
    if (sealed.length > DeltaEnvelope.MAX_BYTES + 1024) {
      throw new RejectedDeltaException(
          "sealed envelope of " + sealed.length + " bytes exceeds the envelope cap");
    }
    Hash frame = Hash.sha256(sealed);
    DeltaId seen = context.verified.taken(frame);
    if (seen != null && context.underReadLock(() -> context.dag.contains(seen))) {
      return new Prepared(sealed, frame, null, true);
    }
    Optional<byte[]> inner = context.governance.openIfHeld(sealed);
    if (inner.isEmpty()) {
      return new Prepared(sealed, frame, null, false);
    }
    opened.incrementAndGet();
    return new Prepared(
        sealed, frame, DeltaEnvelope.decode(inner.get(), context.id(), context.verified), false);
  }

  /**
   * Applies peers' envelopes of one catch-up page: checked in parallel first (a forged one rejects
   * the page before anything applies), then applied in order under one lock, as one storage commit.
   */
  int applyPage(List<byte[]> envelopes) {
    List<Prepared> opened = envelopes.parallelStream().map(this::prepare).toList();
    return context.underWriteLock(
        () -> {
          pageEvents = new HashMap<>();
          try {
            return context.dag.inOneCommit(
                () -> {
                  int applied = 0;
                  for (Prepared p : opened) {
                    applied += apply(p).applied().size();
                  }
                  return applied;
                });
          } finally {
            pageEvents = null;
          }
        });
  }

  /** Applies a checked envelope under the write lock. */
  RemoteOutcome apply(Prepared checked) {
    if (checked.known()) {
      return new RemoteOutcome(RemoteOutcome.Status.DUPLICATE, List.of());
    }
    byte[] bytes = checked.sealed();
    context.lockWrite();
    try {
      // Its key may have come with a governance op applied since it was checked.
      Prepared prepared = checked.envelope() == null ? prepare(bytes) : checked;
      DeltaEnvelope envelope = prepared.envelope();
      if (envelope == null) {
        context.governance.keyNotHeld(bytes);
        return new RemoteOutcome(RemoteOutcome.Status.PENDING, List.of());
      }
      if (context.dag.contains(envelope.delta().id())) {
        taken(prepared);
        return new RemoteOutcome(RemoteOutcome.Status.DUPLICATE, List.of());
      }
      if (!context.governance.authorizeRemote(envelope, bytes)) {
        return new RemoteOutcome(RemoteOutcome.Status.PENDING, List.of());
      }
      RemoteOutcome outcome = add(bytes, envelope);
      taken(prepared);
      return outcome;
    } finally {
      context.unlockWrite();
    }
  }

  /**
   * Under the write lock: one batch per applied delta holds it, its envelope and its handler jobs
   * (inside a page, the page's one commit holds them all).
   */
  private RemoteOutcome add(byte[] bytes, DeltaEnvelope envelope) {
    ContextId id = context.id();
    DeltaId added = envelope.delta().id();
    WriteBatch batch = new WriteBatch();
    context.store.putEnvelope(batch, id, added, bytes);
    List<List<AppEvent>> emitted = new ArrayList<>();
    AddOutcome outcome;
    try {
      outcome =
          context.dag.addVerified(
              envelope.delta(),
              batch,
              (applied, with) -> {
                List<AppEvent> events =
                    applied.equals(added) ? envelope.events() : eventsOf(applied);
                context.store.putHandlers(with, id, applied, events);
                emitted.add(events);
              });
    } catch (CrdtException | DagException e) {
      // What the page applied before stays applied: written before the state is reloaded.
      context.dag.flushCommit();
      context.reload();
      throw new RejectedDeltaException("delta " + added + " rejected: " + e.getMessage(), e);
    }
    if (outcome.status() == AddOutcome.Status.PENDING) {
      context.pendingParents.buffered(added, context.dag);
      if (pageEvents != null) {
        pageEvents.put(added, envelope.events());
      }
    }
    context.maybeCheckpoint();
    Hash root = context.dag.state().rootHash();
    for (List<AppEvent> events : emitted) {
      context.outbox.add(() -> context.events.publish(id, root, events));
    }
    if (emitted.stream().flatMap(List::stream).anyMatch(e -> e.handler().isPresent())) {
      context.outbox.add(runHandlers);
    }
    return new RemoteOutcome(
        RemoteOutcome.Status.valueOf(outcome.status().name()), outcome.applied());
  }

  private List<AppEvent> eventsOf(DeltaId buffered) {
    List<AppEvent> events = pageEvents == null ? null : pageEvents.get(buffered);
    return events != null ? events : context.storedEvents(buffered);
  }

  /** Remembers a frame whose delta the DAG now holds (applied, buffered or known before). */
  private void taken(Prepared prepared) {
    context.verified.took(prepared.frame(), prepared.envelope().delta().id());
  }

  /** Envelopes opened and decoded since the context loaded (tests count the work they spare). */
  long verifications() {
    return opened.get();
  }
}
