package dev.mero4j.crdt.internal;

import dev.mero4j.crdt.CrdtType;
import dev.mero4j.crdt.EntityId;
import dev.mero4j.crdt.MalformedDeltaException;
import dev.mero4j.primitives.BinaryReader;
import dev.mero4j.primitives.BinaryWriter;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.PrimitiveException;
import dev.mero4j.primitives.PublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Encodes a whole state (entity tree, heads, counters) for persistence and catch-up; see
 * docs/wire-format.md. Sequences are run-length encoded: runs of consecutive counters by one
 * replica with one deleted flag, then the code points. Entities recurse one level per nesting
 * level, which {@link EntityId#MAX_DEPTH} bounds on both sides.
 */
public final class SnapshotCodec {
  public static final int VERSION = 1;

  private static final int HAS_TYPE_STAMP = 1;
  private static final int HAS_UPDATED = 2;
  private static final int HAS_TOMBSTONE = 4;
  private static final int HAS_VALUE = 8;
  private static final int HAS_COUNTER = 16;
  private static final int HAS_SEQUENCE = 32;
  private static final int HAS_PROTECTION = 64;

  /** A decoded snapshot. */
  public record Decoded(StateTree tree, List<DeltaId> heads, long nextLamport, long maxHlc) {}

  private SnapshotCodec() {}

  public static byte[] encode(
      StateTree tree, Collection<DeltaId> heads, long nextLamport, long maxHlc) {
    BinaryWriter out = new BinaryWriter(4096);
    out.version(VERSION).varint(nextLamport).varint(maxHlc).varint(heads.size());
    heads.forEach(out::id);
    out.varint(tree.replicas.size());
    for (int i = 0; i < tree.replicas.size(); i++) {
      out.id(tree.replicas.get(i).key);
    }
    writeEntity(out, tree.root);
    return out.toByteArray();
  }

  public static Decoded decode(byte[] bytes) {
    try {
      BinaryReader in = new BinaryReader(bytes);
      in.version("snapshot", VERSION);
      long nextLamport = in.varint();
      long maxHlc = in.varint();
      int headCount = in.length(in.remaining() / 32);
      List<DeltaId> heads = new ArrayList<>(headCount);
      for (int i = 0; i < headCount; i++) {
        heads.add(DeltaId.of(in.id()));
      }
      StateTree tree = new StateTree();
      int replicaCount = in.length(in.remaining() / 32);
      for (int i = 0; i < replicaCount; i++) {
        if (tree.replicas.intern(PublicKey.of(in.id())).index != i) {
          throw new MalformedDeltaException("duplicate replica in snapshot");
        }
      }
      in.bytes(0);
      readBody(in, tree, tree.root);
      in.expectEnd();
      return new Decoded(tree, heads, nextLamport, maxHlc);
    } catch (PrimitiveException | IllegalArgumentException | IndexOutOfBoundsException e) {
      throw new MalformedDeltaException("malformed snapshot: " + e.getMessage(), e);
    }
  }

  private static void writeEntity(BinaryWriter out, Entity e) {
    out.bytes(e.key.bytes).u8(e.type.tag());
    int flags =
        (e.typeStamp != null ? HAS_TYPE_STAMP : 0)
            | (e.updated != null ? HAS_UPDATED : 0)
            | (e.tombstone != null ? HAS_TOMBSTONE : 0)
            | (e.value != null ? HAS_VALUE : 0)
            | (e.counter != null ? HAS_COUNTER : 0)
            | (e.sequence != null ? HAS_SEQUENCE : 0)
            | (e.protectedAs != null ? HAS_PROTECTION : 0);
    out.u8(flags);
    writeStamp(out, e.typeStamp);
    writeStamp(out, e.updated);
    writeStamp(out, e.tombstone);
    if (e.protectedAs != null) {
      out.u8(e.protectedAs.tag());
    }
    if (e.value != null) {
      out.bytes(e.value);
    }
    if (e.counter != null) {
      out.varint(e.counter.slots.size());
      for (Map.Entry<Replica, long[]> slot : e.counter.slots.entrySet()) {
        out.varint(slot.getKey().index).varint(slot.getValue()[0]).varint(slot.getValue()[1]);
      }
    }
    if (e.sequence != null) {
      writeSequence(out, e.sequence);
    }
    List<Entity> children = new ArrayList<>(e.children());
    children.sort((a, b) -> a.key.compareTo(b.key));
    out.varint(children.size());
    for (Entity child : children) {
      writeEntity(out, child);
    }
  }

  private static void writeStamp(BinaryWriter out, Stamp s) {
    if (s != null) {
      out.varint(s.time()).varint(s.replica().index).varint(s.seq());
    }
  }

  private static void writeSequence(BinaryWriter out, Sequence seq) {
    out.bool(seq.isText()).varint(seq.totalSize());
    BinaryWriter runs = new BinaryWriter(256);
    BinaryWriter values = new BinaryWriter(seq.isText() ? seq.totalSize() + 16 : 16);
    long[] run = {0, 0, 0}; // start id, length, deleted
    int[] runCount = {0};
    seq.forEach(
        (id, val) -> {
          long deleted = (val & Sequence.DELETED) != 0 ? 1 : 0;
          if (run[1] > 0 && id == run[0] + (run[1] << 24) && deleted == run[2]) {
            run[1]++;
          } else {
            if (run[1] > 0) {
              writeRun(runs, run);
              runCount[0]++;
            }
            run[0] = id;
            run[1] = 1;
            run[2] = deleted;
          }
          if (seq.isText()) {
            values.varint(val & ~Sequence.DELETED);
          }
          return true;
        });
    if (run[1] > 0) {
      writeRun(runs, run);
      runCount[0]++;
    }
    out.varint(runCount[0]).raw(runs.toByteArray()).raw(values.toByteArray());
  }

  private static void writeRun(BinaryWriter out, long[] run) {
    out.varint(Sequence.replicaOf(run[0]))
        .varint(Sequence.counterOf(run[0]))
        .varint(run[1])
        .u8((int) run[2]);
  }

  private static Entity readEntity(BinaryReader in, StateTree tree, Entity parent) {
    if (parent.depth >= EntityId.MAX_DEPTH) {
      throw new MalformedDeltaException(
          "snapshot nests collections deeper than " + EntityId.MAX_DEPTH + " levels");
    }
    ByteKey key = new ByteKey(in.bytes(in.remaining()));
    Entity e = parent.addChild(key, parent.id.child(key.bytes), parent.type.isSorted());
    tree.entities.put(e.id, e);
    readBody(in, tree, e);
    return e;
  }

  private static void readBody(BinaryReader in, StateTree tree, Entity e) {
    e.type = CrdtType.ofTag(in.u8());
    int flags = in.u8();
    e.typeStamp = (flags & HAS_TYPE_STAMP) != 0 ? readStamp(in, tree) : null;
    e.updated = (flags & HAS_UPDATED) != 0 ? readStamp(in, tree) : null;
    e.tombstone = (flags & HAS_TOMBSTONE) != 0 ? readStamp(in, tree) : null;
    if ((flags & HAS_PROTECTION) != 0) {
      e.protectedAs = CrdtType.ofTag(in.u8());
    }
    if ((flags & HAS_VALUE) != 0) {
      e.value = in.bytes(in.remaining());
    }
    if ((flags & HAS_COUNTER) != 0) {
      e.counter = new CounterSlots();
      int slots = in.length(in.remaining());
      for (int i = 0; i < slots; i++) {
        e.counter.raise(replica(in, tree), in.varint(), in.varint());
      }
    }
    if ((flags & HAS_SEQUENCE) != 0) {
      e.sequence = readSequence(in, tree);
    }
    int children = in.length(in.remaining());
    for (int i = 0; i < children; i++) {
      readEntity(in, tree, e);
    }
    if (e.type == CrdtType.VECTOR && e.sequence != null && e.sequence.isText()) {
      throw new MalformedDeltaException("vector with a text sequence");
    }
  }

  private static Sequence readSequence(BinaryReader in, StateTree tree) {
    boolean text = in.bool();
    int total = in.length(in.remaining() * 8 + 8);
    int runCount = in.length(in.remaining());
    long[] runIds = new long[runCount];
    int[] runLens = new int[runCount];
    int n = 0;
    for (int r = 0; r < runCount; r++) {
      int replica = replica(in, tree).index;
      long start = in.varint();
      long length = in.varint();
      int deleted = in.u8() == 1 ? Sequence.DELETED : 0;
      if (length < 1 || length > total - n || start < 1 || start + length > (1L << 40)) {
        throw new MalformedDeltaException("bad sequence run");
      }
      runIds[r] = Sequence.pack(start, replica);
      runLens[r] = deleted | (int) length;
      n += (int) length;
    }
    if (n != total) {
      throw new MalformedDeltaException("sequence runs cover " + n + " of " + total);
    }
    Sequence seq = new Sequence(tree.replicas, text);
    seq.bulkLoad(runIds, runLens, runCount, total, () -> codePoint(in));
    return seq;
  }

  private static int codePoint(BinaryReader in) {
    long cp = in.varint();
    if (cp < 0 || cp > Character.MAX_CODE_POINT) {
      throw new MalformedDeltaException("bad code point " + cp);
    }
    return (int) cp;
  }

  private static Stamp readStamp(BinaryReader in, StateTree tree) {
    long time = in.varint();
    Replica replica = replica(in, tree);
    long seq = in.varint();
    if (seq > Integer.MAX_VALUE) {
      throw new MalformedDeltaException("stamp sequence out of range");
    }
    return new Stamp(time, replica, (int) seq);
  }

  private static Replica replica(BinaryReader in, StateTree tree) {
    long index = in.varint();
    if (index < 0 || index >= tree.replicas.size()) {
      throw new MalformedDeltaException("unknown replica index " + index);
    }
    return tree.replicas.get((int) index);
  }
}
