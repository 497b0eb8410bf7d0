package dev.mero4j.crdt;

import dev.mero4j.crdt.internal.DeltaValidator;
import dev.mero4j.crdt.internal.Replica;
import dev.mero4j.crdt.internal.SnapshotCodec;
import dev.mero4j.crdt.internal.StateTree;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.KeyPair;
import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * The replicated state of one context on one replica: the entry point of the state engine.
 *
 * <pre>
 *   local:   begin() ─► handles mutate + record actions ─► commit() ─► signed Delta (parents = the
 *            first MAX_PARENTS heads; the rest stay heads and later commits fold them in)
 *   remote:  apply(delta): verify signature ─► check clock drift ─► validate all ─► apply all
 * </pre>
 *
 * Deltas must be applied in causal order (parents first); the DAG ({@code dev.mero4j.dag}) buffers
 * out-of-order deliveries. Any two replicas that applied the same deltas hold equal state and an
 * equal {@link #rootHash()}. Not thread-safe: callers serialise writes per context; read
 * transactions and {@link #rootHash()} may run concurrently with each other.
 */
public final class ContextState {
  private final StateTree tree;
  private final KeyPair author;
  private final Replica self;
  private final HybridClock clock;
  private final TreeSet<DeltaId> heads = new TreeSet<>();
  private long nextLamport = 1;
  private Transaction open;

  private ContextState(StateTree tree, KeyPair author, HybridClock clock) {
    this.tree = tree;
    this.author = author;
    this.clock = clock;
    this.self = tree.replicas().intern(author.publicKey());
  }

  /** An empty state for {@code author}, stamping with {@code clock}. */
  public static ContextState create(KeyPair author, HybridClock clock) {
    return new ContextState(new StateTree(), author, clock);
  }

  /**
   * Restores a state from {@link #exportSnapshot()} bytes.
   *
   * @throws MalformedDeltaException if the bytes are not a well-formed snapshot
   */
  public static ContextState importSnapshot(byte[] snapshot, KeyPair author, HybridClock clock) {
    SnapshotCodec.Decoded decoded = SnapshotCodec.decode(snapshot);
    ContextState state = new ContextState(decoded.tree(), author, clock);
    state.heads.addAll(decoded.heads());
    state.nextLamport = decoded.nextLamport();
    clock.restore(decoded.maxHlc());
    return state;
  }

  /** The full state, heads and counters, in the snapshot format of docs/wire-format.md. */
  public byte[] exportSnapshot() {
    return SnapshotCodec.encode(tree, heads, nextLamport, clock.last());
  }

  /** Opens the transaction that collects this replica's next delta. */
  public Transaction begin() {
    if (open != null) {
      throw new IllegalStateException("a transaction is already open");
    }
    open = new Transaction(this, false, clock.tick(), nextLamport);
    return open;
  }

  /** A read-only view; its handles throw on writes. */
  public Transaction read() {
    return new Transaction(this, true, 0, nextLamport);
  }

  /**
   * Applies a remote delta whose parents were all applied before.
   *
   * @throws InvalidSignatureException if the author's signature does not verify
   * @throws ClockDriftException if its stamp is too far in the future
   * @throws InvalidActionException or {@link UnauthorizedActionException} if an action does not fit
   *     the state; in every case nothing was applied
   */
  public void apply(Delta delta) {
    if (!delta.verifySignature()) {
      throw new InvalidSignatureException("bad signature on " + delta.id());
    }
    applyVerified(delta);
  }

  /** Applies a delta whose signature the caller already verified (replay from own storage). */
  public void applyVerified(Delta delta) {
    if (open != null) {
      throw new IllegalStateException("a local transaction is open");
    }
    clock.observe(delta.hlc());
    DeltaValidator.validate(tree, delta);
    Replica replica = tree.replicas().intern(delta.author());
    long cursor = tree.applyAll(delta.actions(), delta.hlc(), replica, delta.lamport());
    nextLamport = Math.max(nextLamport, cursor);
    heads.removeAll(delta.parents());
    heads.add(delta.id());
  }

  /** The Merkle root over all visible state. */
  public Hash rootHash() {
    return tree.rootHash();
  }

  /** Ids of applied deltas that no applied delta names as a parent, sorted. */
  public List<DeltaId> heads() {
    return List.copyOf(heads);
  }

  /** Replaces the heads, used by a DAG that restores a persisted state. */
  public void setHeads(Collection<DeltaId> restored) {
    heads.clear();
    heads.addAll(restored);
  }

  /** The author this replica signs with. */
  public KeyPair author() {
    return author;
  }

  /** Number of entities held, including invisible ones awaiting collection. */
  public int entityCount() {
    return tree.entityCount();
  }

  /**
   * Drops removed entries whose tombstone is older than {@code retention} before the clock's latest
   * stamp. Deltas older than the retention that arrive later may resurrect them.
   */
  public int collectGarbage(Duration retention) {
    long threshold = clock.last() - HybridClock.ofMillis(retention.toMillis());
    return tree.collectGarbage(threshold);
  }

  /** The heads a local commit names: all of them, or the first {@link DeltaCodec#MAX_PARENTS}. */
  List<DeltaId> parentsForCommit() {
    DeltaId[] first = new DeltaId[Math.min(heads.size(), DeltaCodec.MAX_PARENTS)];
    Iterator<DeltaId> it = heads.iterator();
    for (int i = 0; i < first.length; i++) {
      first[i] = it.next();
    }
    return List.of(first);
  }

  StateTree tree() {
    return tree;
  }

  Replica self() {
    return self;
  }

  void finish(Transaction tx, Delta delta) {
    open = null;
    if (delta != null) {
      nextLamport = Math.max(nextLamport, tx.cursor());
      delta.parents().forEach(heads::remove);
      heads.add(delta.id());
    }
  }
}
