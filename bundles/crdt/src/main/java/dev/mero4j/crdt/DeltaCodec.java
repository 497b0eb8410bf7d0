package dev.mero4j.crdt;

import dev.mero4j.primitives.BinaryReader;
import dev.mero4j.primitives.BinaryWriter;
import dev.mero4j.primitives.Bytes32;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.PrimitiveException;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.primitives.Signature;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Encodes and decodes {@link Delta}s in the versioned binary format of {@code docs/wire-format.md}.
 * Stateless; decoding never returns a partial delta.
 *
 * @see <a href="../../../../../../../docs/wire-format.md">docs/wire-format.md</a>
 */
public final class DeltaCodec {
  /** The version of a signed delta ({@code version ‖ body ‖ signature}). */
  public static final int SIGNED = 1;

  /** The version of an unsigned delta ({@code version ‖ body}), authenticated by its carrier. */
  public static final int UNSIGNED = 2;

  /** The newest format version this codec reads. */
  public static final int VERSION = UNSIGNED;

  /**
   * Parents per delta, the one limit shared by the encoder ({@link Delta#sign}), this decoder and
   * the sync frames that list heads: a commit on more concurrent heads names the first this many
   * and leaves the rest as heads for the next commits to fold in, so heads shrink by up to {@code
   * MAX_PARENTS - 1} per commit while every delta stays small and decodable everywhere.
   */
  public static final int MAX_PARENTS = 64;

  /** Distinct entity ids and replica keys one delta may reference. */
  public static final int MAX_TABLE = 1 << 16;

  /** Actions per delta; bounds decoder memory for hostile input (a whole document fits). */
  public static final int MAX_ACTIONS = 1 << 22;

  /** Bytes of one key, value or text; larger payloads belong in blobs. */
  public static final int MAX_PAYLOAD = 16 << 20;

  static final int PUT = 1;
  static final int REMOVE = 2;
  static final int CREATE = 3;
  static final int COUNTER = 4;
  static final int TEXT_INSERT = 5;
  static final int TEXT_DELETE = 6;
  static final int LIST_INSERT = 7;
  static final int USER_PUT = 8;
  static final int FROZEN_PUT = 9;

  private DeltaCodec() {}

  /**
   * The full encoding: version, body and, for a signed delta, the signature ({@link #SIGNED}); an
   * unsigned delta encodes as version {@link #UNSIGNED} and its body.
   */
  public static byte[] encode(Delta delta) {
    // The body was encoded once, for the id: encoding is a copy, never a second encoding.
    byte[] body = delta.body();
    boolean signed = delta.isSigned();
    byte[] out = new byte[1 + body.length + (signed ? Signature.LENGTH : 0)];
    out[0] = (byte) (signed ? SIGNED : UNSIGNED);
    System.arraycopy(body, 0, out, 1, body.length);
    if (signed) {
      System.arraycopy(delta.signature().toBytes(), 0, out, 1 + body.length, Signature.LENGTH);
    }
    return out;
  }

  /** The bytes of the actions section alone (what a keystroke costs beyond the envelope). */
  public static int actionBytes(Delta delta) {
    BinaryWriter out = new BinaryWriter(32);
    new Table(delta.author()).writeActions(out, delta.actions(), delta.lamport());
    return out.size();
  }

  /**
   * Decodes a signed or an unsigned delta. The signature is not checked here; {@link
   * ContextState#apply} and {@link Delta#verifySignature()} do that (an unsigned delta never
   * verifies on its own: its carrier's signature authenticates it).
   *
   * <p>The id is the hash of the received body bytes, which is why only the one canonical encoding
   * {@link #encode} writes is accepted: shortest varints, sorted distinct parents, and a table of
   * distinct entries each used, in first-use order, with the author always named by reference 1. A
   * non-canonical encoding of a delta is refused rather than given a second id.
   *
   * @throws MalformedDeltaException on any malformed, non-canonical, truncated or over-limit input
   */
  public static Delta decode(byte[] bytes) {
    try {
      BinaryReader in = BinaryReader.canonical(bytes);
      int version = in.version("delta", VERSION);
      if (version != SIGNED && version != UNSIGNED) {
        throw new MalformedDeltaException("unknown delta version " + version);
      }
      int bodyStart = in.position();
      PublicKey author = PublicKey.of(in.id());
      long hlc = in.varint();
      long lamport = in.varint();
      int parentCount = in.length(MAX_PARENTS);
      List<DeltaId> parents = new ArrayList<>(parentCount);
      for (int i = 0; i < parentCount; i++) {
        parents.add(DeltaId.of(in.id()));
      }
      int tableSize = in.length(MAX_TABLE);
      Refs table = new Refs(tableSize, author);
      for (int i = 0; i < tableSize; i++) {
        table.bytes[i] = in.id();
      }
      table.requireDistinct();
      int count = in.length(MAX_ACTIONS);
      List<Action> actions = new ArrayList<>(Math.min(count, 1024));
      for (int i = 0; i < count; i++) {
        actions.add(readAction(in, table, author, lamport));
      }
      table.requireAllUsed();
      byte[] body = Arrays.copyOfRange(bytes, bodyStart, in.position());
      Signature signature = version == SIGNED ? Signature.of(in.raw(Signature.LENGTH)) : null;
      in.expectEnd();
      if (!isSortedDistinct(parents)) {
        throw new MalformedDeltaException("parents are not sorted and distinct");
      }
      return new Delta(author, hlc, lamport, parents, actions, body, Delta.idOf(body), signature);
    } catch (PrimitiveException | IllegalArgumentException e) {
      throw new MalformedDeltaException("malformed delta: " + e.getMessage(), e);
    }
  }

  static byte[] encodeBody(
      PublicKey author, long hlc, long lamport, List<DeltaId> parents, List<Action> actions) {
    BinaryWriter out = new BinaryWriter(96 + actions.size() * 8);
    writeBody(out, author, hlc, lamport, parents, actions);
    return out.toByteArray();
  }

  private static void writeBody(
      BinaryWriter out,
      PublicKey author,
      long hlc,
      long lamport,
      List<DeltaId> parents,
      List<Action> actions) {
    out.id(author).varint(hlc).varint(lamport).varint(parents.size());
    parents.forEach(out::id);
    Table table = new Table(author);
    BinaryWriter actionsOut = new BinaryWriter(16 + actions.size() * 8);
    table.writeActions(actionsOut, actions, lamport);
    out.varint(table.entries.size());
    table.entries.forEach(out::id);
    out.raw(actionsOut.toByteArray());
  }

  private static boolean isSortedDistinct(List<DeltaId> parents) {
    for (int i = 1; i < parents.size(); i++) {
      if (parents.get(i - 1).compareTo(parents.get(i)) >= 0) {
        return false;
      }
    }
    return true;
  }

  private static Action readAction(BinaryReader in, Refs table, PublicKey author, long lamport) {
    int tag = in.u8();
    EntityId target = table.entity(in.varint());
    return switch (tag) {
      case PUT -> new Action.Put(target, in.bytes(MAX_PAYLOAD), in.bytes(MAX_PAYLOAD));
      case REMOVE -> new Action.Remove(target, in.bytes(MAX_PAYLOAD));
      case CREATE -> new Action.Create(target, in.bytes(MAX_PAYLOAD), CrdtType.ofTag(in.u8()));
      case COUNTER -> new Action.CounterSet(target, in.varint(), in.varint());
      case TEXT_INSERT ->
          new Action.TextInsert(
              target, readElement(in, table, author, lamport), in.string(MAX_PAYLOAD));
      case TEXT_DELETE ->
          new Action.TextDelete(
              target, readElement(in, table, author, lamport), in.length(Integer.MAX_VALUE));
      case LIST_INSERT ->
          new Action.ListInsert(
              target,
              readElement(in, table, author, lamport),
              CrdtType.ofTag(in.u8()),
              in.bytes(MAX_PAYLOAD));
      case USER_PUT -> new Action.UserPut(target, in.bytes(MAX_PAYLOAD));
      case FROZEN_PUT -> new Action.FrozenPut(target, in.bytes(MAX_PAYLOAD));
      default -> throw new MalformedDeltaException("unknown action tag " + tag);
    };
  }

  private static ElementId readElement(
      BinaryReader in, Refs table, PublicKey author, long lamport) {
    long ref = in.varint();
    if (ref == 0) {
      return ElementId.HEAD;
    }
    PublicKey replica = ref == 1 ? author : table.key(ref - 2);
    long counter = lamport + in.svarint();
    if (counter < 1 || counter > ElementId.MAX_COUNTER) {
      throw new MalformedDeltaException("element counter out of range: " + counter);
    }
    return new ElementId(replica, counter);
  }

  /**
   * The table of a delta being decoded, each entry made an {@link EntityId} or a {@link PublicKey}
   * once and shared by every action naming it (fewer copies, and equal references the appliers
   * compare by identity first). It also holds the table to its one canonical form: distinct
   * entries, each first referenced in table order, none left unused, never the author's key as a
   * replica (the author is reference 1).
   */
  private static final class Refs {
    final byte[][] bytes;
    private final EntityId[] entities;
    private final PublicKey[] keys;
    private final PublicKey author;
    private int used;

    Refs(int size, PublicKey author) {
      bytes = new byte[size][];
      entities = new EntityId[size];
      keys = new PublicKey[size];
      this.author = author;
    }

    EntityId entity(long index) {
      int i = checked(index);
      if (entities[i] == null) {
        entities[i] = EntityId.of(bytes[i]);
      }
      return entities[i];
    }

    PublicKey key(long index) {
      int i = checked(index);
      if (keys[i] == null) {
        keys[i] = PublicKey.of(bytes[i]);
        if (keys[i].equals(author)) {
          throw new MalformedDeltaException("the author named through the table, not as ref 1");
        }
      }
      return keys[i];
    }

    void requireDistinct() {
      if (bytes.length <= 8) {
        for (int i = 1; i < bytes.length; i++) {
          for (int j = 0; j < i; j++) {
            if (Arrays.equals(bytes[i], bytes[j])) {
              throw new MalformedDeltaException("table entry " + i + " repeats entry " + j);
            }
          }
        }
        return;
      }
      Set<ByteBuffer> seen = new HashSet<>(bytes.length * 2);
      for (int i = 0; i < bytes.length; i++) {
        if (!seen.add(ByteBuffer.wrap(bytes[i]))) {
          throw new MalformedDeltaException("table entry " + i + " repeats an earlier entry");
        }
      }
    }

    void requireAllUsed() {
      if (used != bytes.length) {
        throw new MalformedDeltaException((bytes.length - used) + " unused table entries");
      }
    }

    private int checked(long index) {
      if (index < 0 || index >= bytes.length) {
        throw new MalformedDeltaException("table index " + index + " out of " + bytes.length);
      }
      if (index > used) {
        throw new MalformedDeltaException(
            "table entry " + index + " used before entry " + used + " (not first-use order)");
      }
      if (index == used) {
        used++;
      }
      return (int) index;
    }
  }

  /** The per-delta table of 32-byte entity ids and replica keys, in first-use order. */
  private static final class Table {
    final List<Bytes32> entries = new ArrayList<>();
    private final Map<Bytes32Key, Integer> index = new HashMap<>();
    private final PublicKey author;

    Table(PublicKey author) {
      this.author = author;
    }

    int indexOf(Bytes32 value) {
      return index.computeIfAbsent(
          new Bytes32Key(value),
          k -> {
            entries.add(value);
            return entries.size() - 1;
          });
    }

    void writeActions(BinaryWriter out, List<Action> actions, long lamport) {
      out.varint(actions.size());
      for (Action action : actions) {
        writeAction(out, action, lamport);
      }
    }

    private void writeAction(BinaryWriter out, Action action, long lamport) {
      int target = indexOf(action.target());
      if (action instanceof Action.Put p) {
        out.u8(PUT).varint(target).bytes(p.key()).bytes(p.value());
      } else if (action instanceof Action.Remove r) {
        out.u8(REMOVE).varint(target).bytes(r.key());
      } else if (action instanceof Action.Create c) {
        out.u8(CREATE).varint(target).bytes(c.key()).u8(c.type().tag());
      } else if (action instanceof Action.CounterSet c) {
        out.u8(COUNTER).varint(target).varint(c.positive()).varint(c.negative());
      } else if (action instanceof Action.TextInsert t) {
        out.u8(TEXT_INSERT).varint(target);
        writeElement(out, t.origin(), lamport);
        out.string(t.text());
      } else if (action instanceof Action.TextDelete d) {
        out.u8(TEXT_DELETE).varint(target);
        writeElement(out, d.first(), lamport);
        out.varint(d.count());
      } else if (action instanceof Action.ListInsert l) {
        out.u8(LIST_INSERT).varint(target);
        writeElement(out, l.origin(), lamport);
        out.u8(l.type().tag()).bytes(l.value());
      } else if (action instanceof Action.UserPut u) {
        out.u8(USER_PUT).varint(target).bytes(u.value());
      } else if (action instanceof Action.FrozenPut f) {
        out.u8(FROZEN_PUT).varint(target).bytes(f.value());
      } else {
        throw new IllegalStateException("unknown action " + action);
      }
    }

    private void writeElement(BinaryWriter out, ElementId element, long lamport) {
      if (element.isHead()) {
        out.varint(0);
        return;
      }
      out.varint(element.replica().equals(author) ? 1 : 2L + indexOf(element.replica()));
      out.svarint(element.counter() - lamport);
    }
  }

  /** Table key comparing 32-byte values by content regardless of their Java class. */
  private record Bytes32Key(Bytes32 value) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Bytes32Key k && value.compareTo(k.value) == 0;
    }

    @Override
    public int hashCode() {
      return value.hashCode();
    }
  }
}
