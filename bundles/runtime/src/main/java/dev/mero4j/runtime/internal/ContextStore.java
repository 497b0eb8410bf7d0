package dev.mero4j.runtime.internal;

import dev.mero4j.crdt.ContextState;
import dev.mero4j.crdt.Delta;
import dev.mero4j.crdt.DeltaCodec;
import dev.mero4j.crdt.HybridClock;
import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.BinaryReader;
import dev.mero4j.primitives.BinaryWriter;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.runtime.api.AppEvent;
import dev.mero4j.storage.api.KeyValue;
import dev.mero4j.storage.api.KeyValueCursor;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.api.WriteBatch;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Persists contexts through the storage SPI: one record per context, its committed deltas in order,
 * and a periodic snapshot so a restart replays only the deltas after it.
 *
 * <pre>
 *   contexts       ctx                  -> v1 app id, member seed
 *   ctx-deltas     ctx ‖ seq (8 B, BE)  -> v1 delta bytes, events
 *   ctx-snapshots  ctx                  -> v1 seq covered, snapshot bytes
 * </pre>
 */
public final class ContextStore {
  static final String CONTEXTS = "contexts";
  static final String DELTAS = "ctx-deltas";
  static final String SNAPSHOTS = "ctx-snapshots";
  private static final int VERSION = 1;
  /** Largest encoded delta or snapshot accepted back from storage. */
  private static final int MAX_RECORD = 256 << 20;

  private final StorageEngine storage;

  public ContextStore(StorageEngine storage) {
    this.storage = storage;
  }

  /** A stored context: which app it runs and the member identity this node holds in it. */
  public record ContextRecord(ContextId id, ApplicationId app, KeyPair member) {}

  /** A committed delta with the events its call emitted. */
  public record StoredDelta(long seq, Delta delta, List<AppEvent> events) {}

  public void putContext(WriteBatch batch, ContextRecord record) {
    batch.put(CONTEXTS, record.id().toBytes(),
        new BinaryWriter().version(VERSION).id(record.app()).raw(record.member().seed()).toByteArray());
  }

  public List<ContextRecord> contexts() {
    List<ContextRecord> all = new ArrayList<>();
    try (KeyValueCursor cursor = storage.keyspace(CONTEXTS).range(null, null)) {
      while (cursor.hasNext()) {
        KeyValue kv = cursor.next();
        BinaryReader in = new BinaryReader(kv.value());
        in.version("context record", VERSION);
        all.add(new ContextRecord(ContextId.of(kv.key()), ApplicationId.of(in.id()), KeyPair.fromSeed(in.raw(32))));
      }
    }
    return all;
  }

  public void appendDelta(WriteBatch batch, ContextId ctx, long seq, Delta delta, List<AppEvent> events) {
    BinaryWriter out = new BinaryWriter(256).version(VERSION).bytes(DeltaCodec.encode(delta)).varint(events.size());
    for (AppEvent e : events) {
      out.string(e.kind()).string(e.dataJson()).string(e.handler().orElse(""));
    }
    batch.put(DELTAS, deltaKey(ctx, seq), out.toByteArray());
  }

  public void putSnapshot(WriteBatch batch, ContextId ctx, long seq, byte[] snapshot) {
    batch.put(SNAPSHOTS, ctx.toBytes(), new BinaryWriter(snapshot.length + 16).version(VERSION).varint(seq).bytes(snapshot).toByteArray());
  }

  /** Rebuilds a context's state: its latest snapshot, then every later delta in commit order. */
  public Restored restore(ContextId ctx, KeyPair member, HybridClock clock) {
    Optional<byte[]> snapshot = storage.keyspace(SNAPSHOTS).get(ctx.toBytes());
    long from = 0;
    ContextState state;
    if (snapshot.isPresent()) {
      BinaryReader in = new BinaryReader(snapshot.get());
      in.version("context snapshot", VERSION);
      from = in.varint();
      state = ContextState.importSnapshot(in.bytes(MAX_RECORD), member, clock);
    } else {
      state = ContextState.create(member, clock);
    }
    long next = from;
    try (KeyValueCursor cursor = storage.keyspace(DELTAS).range(deltaKey(ctx, from), deltaKey(ctx, Long.MAX_VALUE))) {
      while (cursor.hasNext()) {
        StoredDelta stored = decode(cursor.next());
        state.applyVerified(stored.delta());
        next = stored.seq() + 1;
      }
    }
    return new Restored(state, next, snapshot.isPresent() ? from : -1);
  }

  /** A restored state, the sequence number of the next delta and the seq of the snapshot used. */
  public record Restored(ContextState state, long nextSeq, long snapshotSeq) {}

  /** Deletes every record of a context in one batch. */
  public void delete(ContextId ctx) {
    WriteBatch batch = new WriteBatch().delete(CONTEXTS, ctx.toBytes()).delete(SNAPSHOTS, ctx.toBytes());
    try (KeyValueCursor cursor = storage.keyspace(DELTAS).prefix(ctx.toBytes())) {
      while (cursor.hasNext()) {
        batch.delete(DELTAS, cursor.next().key());
      }
    }
    storage.write(batch);
  }

  public void write(WriteBatch batch) {
    storage.write(batch);
  }

  private static StoredDelta decode(KeyValue kv) {
    long seq = ByteBuffer.wrap(kv.key(), 32, 8).getLong();
    BinaryReader in = new BinaryReader(kv.value());
    in.version("stored delta", VERSION);
    Delta delta = DeltaCodec.decode(in.bytes(MAX_RECORD));
    int count = in.length(1 << 16);
    List<AppEvent> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String kind = in.string(1 << 10);
      String data = in.string(MAX_RECORD);
      String handler = in.string(1 << 10);
      events.add(new AppEvent(kind, data, handler.isEmpty() ? Optional.empty() : Optional.of(handler)));
    }
    return new StoredDelta(seq, delta, events);
  }

  private static byte[] deltaKey(ContextId ctx, long seq) {
    return ByteBuffer.allocate(40).put(ctx.toBytes()).putLong(seq).array();
  }
}
