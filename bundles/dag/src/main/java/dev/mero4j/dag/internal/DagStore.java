package dev.mero4j.dag.internal;

import dev.mero4j.crdt.Delta;
import dev.mero4j.crdt.DeltaCodec;
import dev.mero4j.dag.CorruptDagException;
import dev.mero4j.dag.DeltaBodies;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.storage.api.KeyValue;
import dev.mero4j.storage.api.KeyValueCursor;
import dev.mero4j.storage.api.Keyspace;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.api.WriteBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The DAG's records in keyspace {@value #KEYSPACE}, every key prefixed by the context id:
 *
 * <pre>
 *   ctx ‖ 'A' ‖ seq (u64 BE)  → body: applied, in apply order
 *   ctx ‖ 'I' ‖ delta id      → seq (u64 BE); kept after pruning, so late children still apply
 *   ctx ‖ 'P' ‖ delta id      → body: pending
 *   ctx ‖ 'C'                 → seq (u64 BE) ‖ state snapshot after applying seq
 *   ctx ‖ 'K' ‖ n (u64 BE)    → ids (32 B each) a peer's snapshot covered: known, never stored
 * </pre>
 *
 * A body is the encoded delta, or, when the owner keeps each delta in a record of its own ({@link
 * DeltaBodies}), a reference: {@code 0x00 ‖ delta id} (an encoded delta starts with its version,
 * never 0), so the delta is stored once.
 */
public final class DagStore {
  public static final String KEYSPACE = "dag";
  private static final byte APPLIED = 'A';
  private static final byte INDEX = 'I';
  private static final byte PENDING = 'P';
  private static final byte CHECKPOINT = 'C';
  private static final byte COVERED = 'K';

  /** First byte of a body that refers to the owner's copy of the delta. */
  private static final byte REFERENCE = 0;

  /** Covered ids per record: 2 MiB values, far below the storage value limit. */
  private static final int COVERED_PER_RECORD = 65_536;

  private final StorageEngine engine;
  private final Keyspace keyspace;
  private final byte[] context;

  /** The owner's copies of the deltas; null when this store keeps them. */
  private final DeltaBodies bodies;

  /** Writes collected for one commit ({@link #inOneCommit}); null while each write goes at once. */
  private WriteBatch commit;

  public DagStore(StorageEngine engine, ContextId context) {
    this(engine, context, null);
  }

  /** A store that refers to {@code bodies} for each delta (null: it keeps them itself). */
  public DagStore(StorageEngine engine, ContextId context, DeltaBodies bodies) {
    this.engine = engine;
    this.keyspace = engine.keyspace(KEYSPACE);
    this.context = context.toBytes();
    this.bodies = bodies;
  }

  /** Writes a batch of the caller's own records (into the open commit, if any). */
  public void write(WriteBatch batch) {
    if (commit != null) {
      commit.addAll(batch);
    } else {
      engine.write(batch);
    }
  }

  /**
   * Runs {@code body} with every write collected into one storage batch, written when it returns or
   * throws (what was recorded before a failure is kept); a checkpoint inside writes it first.
   */
  public <T> T inOneCommit(Supplier<T> body) {
    if (commit != null) {
      return body.get();
    }
    commit = new WriteBatch();
    try {
      return body.get();
    } finally {
      flush();
      commit = null;
    }
  }

  /** Writes what the open commit collected so far. */
  public void flush() {
    if (commit != null && !commit.isEmpty()) {
      WriteBatch collected = commit;
      commit = new WriteBatch();
      engine.write(collected);
    }
  }

  /**
   * Records an applied delta that waited for its parents (its pending record is deleted) together
   * with the caller's own writes, in one atomic batch.
   */
  public void putApplied(long seq, Delta delta, WriteBatch with) {
    DeltaId id = delta.id();
    write(
        with.put(KEYSPACE, key(APPLIED, u64(seq)), body(delta))
            .put(KEYSPACE, key(INDEX, id.toBytes()), u64(seq))
            .delete(KEYSPACE, key(PENDING, id.toBytes())));
  }

  /**
   * Records an applied delta that never waited, with the caller's own writes, in one atomic batch:
   * as {@link #putApplied}, without deleting a pending record there is none of (a delta committed
   * here, or a remote one whose parents were all known on arrival).
   */
  public void putCommitted(long seq, Delta delta, WriteBatch with) {
    write(
        with.put(KEYSPACE, key(APPLIED, u64(seq)), body(delta))
            .put(KEYSPACE, key(INDEX, delta.id().toBytes()), u64(seq)));
  }

  /** Records a pending delta together with the caller's own writes, in one atomic batch. */
  public void putPending(Delta delta, WriteBatch with) {
    write(with.put(KEYSPACE, key(PENDING, delta.id().toBytes()), body(delta)));
  }

  public void deletePending(DeltaId id) {
    if (commit != null) {
      commit.delete(KEYSPACE, key(PENDING, id.toBytes()));
    } else {
      keyspace.delete(key(PENDING, id.toBytes()));
    }
  }

  public Optional<Delta> applied(long seq) {
    return keyspace.get(key(APPLIED, u64(seq))).map(this::delta);
  }

  public Optional<Long> seqOf(DeltaId id) {
    return keyspace.get(key(INDEX, id.toBytes())).map(DagStore::readU64);
  }

  /** Stores a checkpoint and prunes applied deltas up to {@code pruneThrough}, atomically. */
  public void checkpoint(long seq, byte[] snapshot, long pruneThrough) {
    flush();
    byte[] value = new byte[8 + snapshot.length];
    System.arraycopy(u64(seq), 0, value, 0, 8);
    System.arraycopy(snapshot, 0, value, 8, snapshot.length);
    WriteBatch batch = new WriteBatch().put(KEYSPACE, key(CHECKPOINT, new byte[0]), value);
    try (KeyValueCursor c =
        keyspace.range(key(APPLIED, u64(0)), key(APPLIED, u64(pruneThrough + 1)))) {
      c.forEachRemaining(kv -> batch.delete(KEYSPACE, kv.key()));
    }
    engine.write(batch);
  }

  /**
   * Replaces the checkpoint with a peer's snapshot taken at {@code seq}, records {@code ids} (every
   * delta it covers: known, never stored here) packed in a few records, drops the applied records
   * it supersedes and the pending deltas it covers, together with {@code with}, atomically.
   */
  public void installCheckpoint(
      long seq,
      byte[] snapshot,
      List<DeltaId> ids,
      Iterable<DeltaId> pendingCovered,
      WriteBatch with) {
    flush();
    byte[] value = new byte[8 + snapshot.length];
    System.arraycopy(u64(seq), 0, value, 0, 8);
    System.arraycopy(snapshot, 0, value, 8, snapshot.length);
    with.put(KEYSPACE, key(CHECKPOINT, new byte[0]), value);
    try (KeyValueCursor c = keyspace.range(key(APPLIED, u64(0)), key(APPLIED, u64(seq + 1)))) {
      c.forEachRemaining(kv -> with.delete(KEYSPACE, kv.key()));
    }
    try (KeyValueCursor c = keyspace.prefix(key(COVERED, new byte[0]))) {
      c.forEachRemaining(kv -> with.delete(KEYSPACE, kv.key()));
    }
    for (int from = 0, chunk = 0; from < ids.size(); from += COVERED_PER_RECORD, chunk++) {
      List<DeltaId> part = ids.subList(from, Math.min(ids.size(), from + COVERED_PER_RECORD));
      byte[] packed = new byte[32 * part.size()];
      for (int i = 0; i < part.size(); i++) {
        System.arraycopy(part.get(i).toBytes(), 0, packed, 32 * i, 32);
      }
      with.put(KEYSPACE, key(COVERED, u64(chunk)), packed);
    }
    for (DeltaId id : pendingCovered) {
      with.delete(KEYSPACE, key(PENDING, id.toBytes()));
    }
    engine.write(with);
  }

  /** The checkpoint as (seq, snapshot), if any. */
  public Optional<Checkpoint> checkpoint() {
    return keyspace
        .get(key(CHECKPOINT, new byte[0]))
        .map(v -> new Checkpoint(readU64(v), java.util.Arrays.copyOfRange(v, 8, v.length)));
  }

  /** A stored checkpoint. */
  public record Checkpoint(long seq, byte[] snapshot) {}

  /** Visits applied deltas with seq greater than {@code after}, ascending. */
  public void forEachAppliedAfter(long after, BiConsumer<Long, Delta> visitor) {
    try (KeyValueCursor c =
        keyspace.range(key(APPLIED, u64(after + 1)), key(APPLIED + 1, new byte[0]))) {
      while (c.hasNext()) {
        KeyValue kv = c.next();
        visitor.accept(readU64(suffix(kv.key())), delta(kv.value()));
      }
    }
  }

  /**
   * Visits applied deltas with {@code after < seq <= through}, ascending, in one range read; a
   * record stored by reference that this store cannot read is skipped (the caller looks it up).
   */
  public void forEachAppliedBetween(long after, long through, BiConsumer<Long, Delta> visitor) {
    if (through <= after) {
      return;
    }
    try (KeyValueCursor c =
        keyspace.range(key(APPLIED, u64(after + 1)), key(APPLIED, u64(through + 1)))) {
      while (c.hasNext()) {
        KeyValue kv = c.next();
        if (isReference(kv.value()) && bodies == null) {
          continue;
        }
        visitor.accept(readU64(suffix(kv.key())), delta(kv.value()));
      }
    }
  }

  /**
   * Ids of applied deltas with seq greater than {@code after}, ascending; a reference is not read.
   */
  public List<DeltaId> appliedIdsAfter(long after) {
    List<DeltaId> out = new ArrayList<>();
    try (KeyValueCursor c =
        keyspace.range(key(APPLIED, u64(after + 1)), key(APPLIED + 1, new byte[0]))) {
      c.forEachRemaining(
          kv ->
              out.add(
                  isReference(kv.value())
                      ? DeltaId.of(Arrays.copyOfRange(kv.value(), 1, kv.value().length))
                      : DeltaCodec.decode(kv.value()).id()));
    }
    return out;
  }

  public List<Delta> pending() {
    List<Delta> out = new ArrayList<>();
    try (KeyValueCursor c = keyspace.prefix(key(PENDING, new byte[0]))) {
      c.forEachRemaining(kv -> out.add(delta(kv.value())));
    }
    return out;
  }

  private byte[] body(Delta delta) {
    if (bodies == null) {
      return DeltaCodec.encode(delta);
    }
    byte[] reference = new byte[1 + 32];
    reference[0] = REFERENCE;
    System.arraycopy(delta.id().toBytes(), 0, reference, 1, 32);
    return reference;
  }

  private static boolean isReference(byte[] body) {
    return body.length == 33 && body[0] == REFERENCE;
  }

  private Delta delta(byte[] body) {
    if (!isReference(body)) {
      return DeltaCodec.decode(body);
    }
    DeltaId id = DeltaId.of(Arrays.copyOfRange(body, 1, body.length));
    if (bodies == null) {
      throw new CorruptDagException(
          "delta " + id + " is stored by reference, and no copy is given", null);
    }
    return bodies
        .delta(id)
        .orElseThrow(
            () -> new CorruptDagException("the stored copy of delta " + id + " is gone", null));
  }

  /** Ids covered by an installed snapshot: known, never applied or stored here. */
  public List<DeltaId> coveredIds() {
    List<DeltaId> out = new ArrayList<>();
    try (KeyValueCursor c = keyspace.prefix(key(COVERED, new byte[0]))) {
      c.forEachRemaining(
          kv -> {
            byte[] packed = kv.value();
            for (int i = 0; i + 32 <= packed.length; i += 32) {
              out.add(DeltaId.of(java.util.Arrays.copyOfRange(packed, i, i + 32)));
            }
          });
    }
    return out;
  }

  /** Every delta id ever applied (pruned ones included). */
  public List<DeltaId> appliedIds() {
    List<DeltaId> out = new ArrayList<>();
    try (KeyValueCursor c = keyspace.prefix(key(INDEX, new byte[0]))) {
      c.forEachRemaining(kv -> out.add(DeltaId.of(suffix(kv.key()))));
    }
    return out;
  }

  private byte[] key(int tag, byte[] rest) {
    byte[] key = new byte[context.length + 1 + rest.length];
    System.arraycopy(context, 0, key, 0, context.length);
    key[context.length] = (byte) tag;
    System.arraycopy(rest, 0, key, context.length + 1, rest.length);
    return key;
  }

  private byte[] suffix(byte[] key) {
    return java.util.Arrays.copyOfRange(key, context.length + 1, key.length);
  }

  static byte[] u64(long v) {
    byte[] out = new byte[8];
    for (int i = 0; i < 8; i++) {
      out[i] = (byte) (v >>> (56 - 8 * i));
    }
    return out;
  }

  static long readU64(byte[] b) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = v << 8 | (b[i] & 0xff);
    }
    return v;
  }
}
