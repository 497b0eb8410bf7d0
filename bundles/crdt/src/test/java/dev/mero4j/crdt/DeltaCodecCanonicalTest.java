package dev.mero4j.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.primitives.BinaryWriter;
import dev.mero4j.primitives.Bytes32;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.primitives.PublicKey;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The decoder hashes the received body as it is, so it must accept only the one canonical encoding
 * of a delta (docs/wire-format.md): every other encoding of the same content is refused, never
 * given a second id.
 */
class DeltaCodecCanonicalTest {
  private static final KeyPair AUTHOR = KeyPair.fromSeed(new byte[32]);
  private static final PublicKey OTHER = KeyPair.fromSeed(filled(7)).publicKey();
  private static final EntityId DOC = EntityId.ROOT.child("doc");
  private static final EntityId UNUSED = EntityId.ROOT.child("unused");
  private static final long HLC = (1_700_000_000_000L << 16) + 1;
  private static final long LAMPORT = 5;

  /** A put, an insert after another replica's element and one after the author's own. */
  private static final List<Action> ACTIONS =
      List.of(
          new Action.Put(DOC, bytes("k"), bytes("v")),
          new Action.TextInsert(DOC, new ElementId(OTHER, 3), "hi"),
          new Action.TextInsert(DOC, new ElementId(AUTHOR.publicKey(), 4), "x"));

  @Test
  void theHandWrittenEncodingIsTheCodecsOwn() {
    Delta d = Delta.sign(AUTHOR, HLC, LAMPORT, List.of(), ACTIONS);
    assertThat(signed(new Body(), d)).isEqualTo(DeltaCodec.encode(d));
    assertThat(DeltaCodec.decode(DeltaCodec.encode(d)).id()).isEqualTo(d.id());
  }

  @Test
  void aVarintLongerThanItsShortestFormIsRefused() {
    assertRefused(new Body().paddedHlc(), "shortest form");
    assertRefused(new Body().paddedActionCount(), "shortest form");
  }

  @Test
  void aTableOutOfFirstUseOrderIsRefused() {
    assertRefused(new Body().table(OTHER, DOC), "first-use order");
  }

  @Test
  void aRepeatedTableEntryIsRefused() {
    assertRefused(new Body().table(DOC, DOC, OTHER), "repeats entry");
  }

  @Test
  void anUnusedTableEntryIsRefused() {
    assertRefused(new Body().table(DOC, OTHER, UNUSED), "unused table entries");
  }

  @Test
  void theAuthorNamedThroughTheTableIsRefused() {
    assertRefused(new Body().authorThroughTable(), "not as ref 1");
  }

  /** Any mutation the decoder accepts is the canonical encoding of what it decoded. */
  @Property(tries = 400)
  void everyAcceptedEncodingIsCanonical(
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 4096) int at,
      @ForAll @IntRange(min = 0, max = 255) int value,
      @ForAll boolean insert) {
    ManualClock clock = new ManualClock(1_700_000_000_000L);
    List<Peer> peers = List.of(new Peer(1, clock), new Peer(2, clock));
    for (Delta d : RandomWorkload.run(peers, clock, new Random(seed), 6)) {
      byte[] bytes = DeltaCodec.encode(d);
      int i = at % bytes.length;
      byte[] mutated;
      if (insert) {
        mutated = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, mutated, 0, i);
        mutated[i] = (byte) value;
        System.arraycopy(bytes, i, mutated, i + 1, bytes.length - i);
      } else {
        mutated = bytes.clone();
        mutated[i] = (byte) value;
      }
      Delta back;
      try {
        back = DeltaCodec.decode(mutated);
      } catch (MalformedDeltaException refused) {
        continue;
      }
      assertThat(DeltaCodec.encode(back)).isEqualTo(mutated);
    }
  }

  private static void assertRefused(Body body, String reason) {
    Delta d = Delta.sign(AUTHOR, HLC, LAMPORT, List.of(), ACTIONS);
    byte[] signed = signed(body, d);
    assertThat(signed).isNotEqualTo(DeltaCodec.encode(d));
    assertThatThrownBy(() -> DeltaCodec.decode(signed))
        .isInstanceOf(MalformedDeltaException.class)
        .hasMessageContaining(reason);
    byte[] unsigned = Arrays.copyOf(signed, signed.length - 64);
    unsigned[0] = DeltaCodec.UNSIGNED;
    assertThatThrownBy(() -> DeltaCodec.decode(unsigned))
        .isInstanceOf(MalformedDeltaException.class)
        .hasMessageContaining(reason);
  }

  private static byte[] signed(Body body, Delta d) {
    BinaryWriter out = new BinaryWriter(256).u8(DeltaCodec.SIGNED);
    body.write(out);
    return out.raw(d.signature().toBytes()).toByteArray();
  }

  /** The body of the delta above written by hand, with one canonical rule broken on request. */
  private static final class Body {
    private List<Bytes32> table = List.of(DOC, OTHER);
    private boolean paddedHlc;
    private boolean paddedActionCount;
    private boolean authorThroughTable;

    Body paddedHlc() {
      paddedHlc = true;
      return this;
    }

    Body paddedActionCount() {
      paddedActionCount = true;
      return this;
    }

    Body table(Bytes32... entries) {
      table = List.of(entries);
      return this;
    }

    Body authorThroughTable() {
      table = List.of(DOC, OTHER, AUTHOR.publicKey());
      authorThroughTable = true;
      return this;
    }

    void write(BinaryWriter out) {
      out.id(AUTHOR.publicKey());
      if (paddedHlc) {
        padded(out, HLC);
      } else {
        out.varint(HLC);
      }
      out.varint(LAMPORT).varint(0).varint(table.size());
      table.forEach(out::id);
      if (paddedActionCount) {
        padded(out, ACTIONS.size());
      } else {
        out.varint(ACTIONS.size());
      }
      int doc = table.indexOf(DOC);
      out.u8(DeltaCodec.PUT).varint(doc).bytes(bytes("k")).bytes(bytes("v"));
      out.u8(DeltaCodec.TEXT_INSERT).varint(doc).varint(2L + table.indexOf(OTHER)).svarint(3 - 5);
      out.string("hi");
      long self = authorThroughTable ? 2L + table.indexOf(AUTHOR.publicKey()) : 1;
      out.u8(DeltaCodec.TEXT_INSERT).varint(doc).varint(self).svarint(4 - 5).string("x");
    }

    /** The value's varint with one redundant zero group appended. */
    private static void padded(BinaryWriter out, long value) {
      byte[] shortest = new BinaryWriter(10).varint(value).toByteArray();
      shortest[shortest.length - 1] |= (byte) 0x80;
      out.raw(shortest).u8(0);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] filled(int value) {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) value);
    return seed;
  }
}
