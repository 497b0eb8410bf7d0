package dev.mero4j.runtime.internal;

import dev.mero4j.primitives.BinaryReader;
import dev.mero4j.primitives.BinaryWriter;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.storage.api.KeyValueCursor;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.api.WriteBatch;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Past states kept for time travel, in keyspace {@value #KEYSPACE}: at each DAG checkpoint the
 * state's snapshot and its heads, so the state at an old delta replays from a nearby snapshot
 * rather than from the first delta.
 *
 * <pre>
 *   ctx ‖ 'H' ‖ seq (u64 BE) → v1, heads (count, 32 B each): the cut the snapshot covers
 *   ctx ‖ 'S' ‖ seq (u64 BE) → the state snapshot after applying deltas 1..seq
 * </pre>
 *
 * Retention (docs/time-travel.md): the newest {@value #DENSE} records, and of older ones the oldest
 * of each span of {@value #SPARSE_SPAN} applied deltas, for the newest {@value #SPARSE} spans. A
 * peer's snapshot installed over the DAG clears them all (they no longer describe the local apply
 * order).
 */
final class HistoryRecords {
  static final String KEYSPACE = "ctx-history";
  static final int DENSE = 16;
  static final int SPARSE = 16;
  static final long SPARSE_SPAN = 16L * LoadedContext.CHECKPOINT_EVERY;

  private static final byte HEADS = 'H';
  private static final byte SNAPSHOT = 'S';
  private static final int VERSION = 1;
  private static final int MAX_HEADS = 1 << 16;

  private final StorageEngine storage;

  HistoryRecords(StorageEngine storage) {
    this.storage = storage;
  }

  /** Records the state after applying deltas 1..{@code seq}, then drops what retention expires. */
  void put(ContextId ctx, long seq, List<DeltaId> heads, byte[] snapshot) {
    BinaryWriter out = new BinaryWriter(8 + 32 * heads.size()).version(VERSION);
    out.varint(heads.size());
    heads.forEach(out::id);
    WriteBatch batch =
        new WriteBatch()
            .put(KEYSPACE, key(ctx, HEADS, seq), out.toByteArray())
            .put(KEYSPACE, key(ctx, SNAPSHOT, seq), snapshot);
    List<Long> seqs = seqs(ctx);
    if (!seqs.contains(seq)) {
      seqs.add(seq);
      Collections.sort(seqs);
    }
    for (long expired : expired(seqs)) {
      batch
          .delete(KEYSPACE, key(ctx, HEADS, expired))
          .delete(KEYSPACE, key(ctx, SNAPSHOT, expired));
    }
    storage.write(batch);
  }

  /** Sequence numbers of the records kept for {@code ctx}, ascending (reads no snapshot). */
  List<Long> seqs(ContextId ctx) {
    List<Long> out = new ArrayList<>();
    try (KeyValueCursor c = storage.keyspace(KEYSPACE).prefix(prefix(ctx, HEADS))) {
      c.forEachRemaining(kv -> out.add(ByteBuffer.wrap(kv.key(), 33, 8).getLong()));
    }
    return out;
  }

  /** The heads the record at {@code seq} covers. */
  Optional<List<DeltaId>> heads(ContextId ctx, long seq) {
    return storage
        .keyspace(KEYSPACE)
        .get(key(ctx, HEADS, seq))
        .map(
            bytes -> {
              BinaryReader in = new BinaryReader(bytes);
              in.version("history heads", VERSION);
              long count = in.varint();
              if (count > MAX_HEADS) {
                throw new IllegalStateException("history record with " + count + " heads");
              }
              List<DeltaId> heads = new ArrayList<>((int) count);
              for (long i = 0; i < count; i++) {
                heads.add(DeltaId.of(in.id()));
              }
              return heads;
            });
  }

  Optional<byte[]> snapshot(ContextId ctx, long seq) {
    return storage.keyspace(KEYSPACE).get(key(ctx, SNAPSHOT, seq));
  }

  /** Drops every record of {@code ctx} (a peer's snapshot replaced the local history). */
  void clear(ContextId ctx) {
    WriteBatch batch = new WriteBatch();
    try (KeyValueCursor c = storage.keyspace(KEYSPACE).prefix(ctx.toBytes())) {
      c.forEachRemaining(kv -> batch.delete(KEYSPACE, kv.key()));
    }
    if (!batch.isEmpty()) {
      storage.write(batch);
    }
  }

  /** The records retention drops from {@code seqs} (ascending). */
  static List<Long> expired(List<Long> seqs) {
    List<Long> out = new ArrayList<>();
    int dense = Math.max(0, seqs.size() - DENSE);
    Set<Long> spans = new HashSet<>();
    List<Long> kept = new ArrayList<>();
    for (int i = 0; i < dense; i++) {
      long seq = seqs.get(i);
      if (spans.add(seq / SPARSE_SPAN)) {
        kept.add(seq);
      } else {
        out.add(seq);
      }
    }
    // Only the newest SPARSE spans keep their record.
    out.addAll(kept.subList(0, Math.max(0, kept.size() - SPARSE)));
    return out;
  }

  private static byte[] prefix(ContextId ctx, byte tag) {
    return ByteBuffer.allocate(33).put(ctx.toBytes()).put(tag).array();
  }

  private static byte[] key(ContextId ctx, byte tag, long seq) {
    return ByteBuffer.allocate(41).put(ctx.toBytes()).put(tag).putLong(seq).array();
  }
}
