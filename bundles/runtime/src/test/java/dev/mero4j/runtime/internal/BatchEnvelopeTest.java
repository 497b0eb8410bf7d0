package dev.mero4j.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.crdt.Action;
import dev.mero4j.crdt.Delta;
import dev.mero4j.crdt.EntityId;
import dev.mero4j.membership.GovernancePosition;
import dev.mero4j.primitives.BinaryReader;
import dev.mero4j.primitives.BinaryWriter;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.GovernanceOpId;
import dev.mero4j.primitives.Hex;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.runtime.api.AppEvent;
import dev.mero4j.runtime.api.RejectedDeltaException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A batch of delta envelopes under one signature: each envelope verifies alone through its audit
 * path, and any change to a delta, its place in the batch or the batch size is refused.
 */
class BatchEnvelopeTest {
  /** Ed25519 seed 32 × 0x00, as the other vectors of docs/wire-format.md. */
  private static final KeyPair AUTHOR = KeyPair.fromSeed(new byte[32]);

  private static final ContextId CONTEXT = ContextId.of(filled(7));

  /** The three envelopes of the golden batch, pinned in docs/wire-format.md, "Delta envelope". */
  static final List<String> GOLDEN =
      List.of(
          "0307070707070707070707070707070707070707070707070707070707070707074f023b6a27bcceb6a42d62"
              + "a3a8d02a6f0d73653215771de243a63ac048a18b59da29e8070100017160d884d415ad5730b8df8e8b25bd09"
              + "c3a4fe5f1fe8b0aa2efdaf1f067496a7010100026b3002763002010001090909090909090909090909090909"
              + "090909090909090909090909090909090903004c87ba7ad85100b5aae97c11028132d1d5e6c44ca004d470ac"
              + "bd46233f282921852867912506df50a8f7cffdee494eb560460da288113053eeb48f0fd4e48cb8201b35b4d5"
              + "28b1b1b608cb1f95e335a17b126c434bb2851ec9bd947412176362d3ee80683e4012e92f1fd3267a73b8536f"
              + "28fa17045cf861413f8f34c044f70e",
          "0307070707070707070707070707070707070707070707070707070707070707076f023b6a27bcceb6a42d62"
              + "a3a8d02a6f0d73653215771de243a63ac048a18b59da29e9070201dedabda3907d16c73d2d862675c4deb195"
              + "602ab35c2f894614dca94ead054c3f017160d884d415ad5730b8df8e8b25bd09c3a4fe5f1fe8b0aa2efdaf1f"
              + "067496a7010100026b310276310f010103536574077b226b223a317d00010909090909090909090909090909"
              + "090909090909090909090909090909090909030123065db06725d0291c6a2c5f231880581eb2431e95e12375"
              + "d973b2528e09bcde852867912506df50a8f7cffdee494eb560460da288113053eeb48f0fd4e48cb8201b35b4"
              + "d528b1b1b608cb1f95e335a17b126c434bb2851ec9bd947412176362d3ee80683e4012e92f1fd3267a73b853"
              + "6f28fa17045cf861413f8f34c044f70e",
          "0307070707070707070707070707070707070707070707070707070707070707076f023b6a27bcceb6a42d62"
              + "a3a8d02a6f0d73653215771de243a63ac048a18b59da29ea070301d571f46a347b8d6d347efafb8a8227f2c4"
              + "b61d6e9edf8455e818482c8fb05122017160d884d415ad5730b8df8e8b25bd09c3a4fe5f1fe8b0aa2efdaf1f"
              + "067496a7010100026b3202763202010001090909090909090909090909090909090909090909090909090909"
              + "09090909090302378868273da9173fe86ac9cae67917dd834535e227485878ed42a289b887acc0201b35b4d5"
              + "28b1b1b608cb1f95e335a17b126c434bb2851ec9bd947412176362d3ee80683e4012e92f1fd3267a73b8536f"
              + "28fa17045cf861413f8f34c044f70e");

  private static byte[] filled(int value) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Three writes, each the child of the one before, the second with an event. */
  static List<DeltaEnvelope> batch() {
    GovernancePosition position = GovernancePosition.of(List.of(GovernanceOpId.of(filled(9))));
    List<DeltaEnvelope> batch = new ArrayList<>();
    List<DeltaId> parents = List.of();
    for (int i = 0; i < 3; i++) {
      Delta delta =
          Delta.unsigned(
              AUTHOR.publicKey(),
              1_000L + i,
              1L + i,
              parents,
              List.of(new Action.Put(EntityId.ROOT, utf8("k" + i), utf8("v" + i))));
      List<AppEvent> events =
          i == 1 ? List.of(new AppEvent("Set", "{\"k\":1}", Optional.empty())) : List.of();
      batch.add(new DeltaEnvelope(CONTEXT, delta, events, position));
      parents = List.of(delta.id());
    }
    return batch;
  }

  @Test
  void aBatchOfThreeEncodesToThePinnedVectors() throws Exception {
    List<byte[]> encoded = DeltaEnvelope.encodeBatch(batch(), AUTHOR);
    String doc = Files.readString(docs().resolve("wire-format.md"));
    for (int i = 0; i < 3; i++) {
      assertThat(Hex.encode(encoded.get(i))).as("envelope %d", i).isEqualTo(GOLDEN.get(i));
      assertThat(doc.replaceAll("\\s+", "")).contains(GOLDEN.get(i));
      assertThat(DeltaEnvelope.decode(encoded.get(i), CONTEXT)).isEqualTo(batch().get(i));
    }
  }

  private static Path docs() {
    Path dir = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(dir.resolve("docs")) || !Files.exists(dir.resolve("mvnw"))) {
      dir = dir.getParent();
    }
    return dir.resolve("docs");
  }

  @Test
  void everyEnvelopeOfABatchVerifiesOnItsOwnAndOneSignatureCoversThemAll() {
    List<byte[]> encoded = DeltaEnvelope.encodeBatch(batch(), AUTHOR);
    VerifiedBatches verified = new VerifiedBatches(VerifiedBatches.CAPACITY);
    for (int i = 2; i >= 0; i--) {
      assertThat(DeltaEnvelope.decode(encoded.get(i), CONTEXT, verified)).isEqualTo(batch().get(i));
    }
    assertThat(verified.size()).isEqualTo(1);
    assertThat(encoded.stream().map(Parts::of).map(p -> Hex.encode(p.signature)).distinct())
        .hasSize(1);
  }

  @Test
  void everyFlippedByteOfEveryEnvelopeInABatchIsRefused() {
    List<byte[]> encoded = DeltaEnvelope.encodeBatch(batch(), AUTHOR);
    VerifiedBatches verified = new VerifiedBatches(VerifiedBatches.CAPACITY);
    DeltaEnvelope.decode(encoded.get(0), CONTEXT, verified);
    for (byte[] good : encoded) {
      for (int i = 0; i < good.length; i++) {
        for (int mask : new int[] {0x01, 0x10, 0x80}) {
          byte[] altered = good.clone();
          altered[i] ^= (byte) mask;
          int at = i;
          assertThatThrownBy(() -> DeltaEnvelope.decode(altered, CONTEXT, verified))
              .as("byte %d of %d xor %x", at, good.length, mask)
              .isInstanceOf(RejectedDeltaException.class);
        }
      }
    }
  }

  @Test
  void anEnvelopeMovedToAnotherPlaceInItsBatchIsRefused() {
    List<Parts> parts = DeltaEnvelope.encodeBatch(batch(), AUTHOR).stream().map(Parts::of).toList();
    // Delta 0 claiming index 1 with its own path, then with delta 1's path (the swap).
    assertRefused(parts.get(0).with(3, 1, parts.get(0).path));
    assertRefused(parts.get(0).with(3, 1, parts.get(1).path));
    assertRefused(parts.get(1).with(3, 0, parts.get(0).path));
    // Delta 2 (the lone last leaf) claiming index 0 or 1, with every sibling list of the batch.
    for (Parts other : parts) {
      assertRefused(parts.get(2).with(3, 0, other.path));
      assertRefused(parts.get(2).with(3, 1, other.path));
    }
  }

  @Test
  void aBatchTruncatedToFewerEnvelopesIsRefused() {
    List<Parts> parts = DeltaEnvelope.encodeBatch(batch(), AUTHOR).stream().map(Parts::of).toList();
    for (int i = 0; i < 2; i++) {
      Parts p = parts.get(i);
      assertRefused(p.with(2, i, p.path)); // path of the wrong length
      assertRefused(p.with(2, i, p.path.subList(0, 1))); // the first two leaves' subtree
      assertRefused(p.with(1, 0, List.of()));
    }
    assertRefused(parts.get(2).with(4, 2, parts.get(0).path));
  }

  @Test
  void aForgedSignatureOnACachedRootIsRefused() {
    List<byte[]> encoded = DeltaEnvelope.encodeBatch(batch(), AUTHOR);
    VerifiedBatches verified = new VerifiedBatches(VerifiedBatches.CAPACITY);
    DeltaEnvelope.decode(encoded.get(0), CONTEXT, verified);
    // Same root, same n, same author; only the signature differs from the cached one.
    Parts second = Parts.of(encoded.get(1));
    byte[] forgedSignature = second.signature.clone();
    forgedSignature[5] ^= 1;
    assertThatThrownBy(
            () -> DeltaEnvelope.decode(second.withSignature(forgedSignature), CONTEXT, verified))
        .isInstanceOf(RejectedDeltaException.class)
        .hasMessageContaining("bad signature");
    // Another key's signature over the same batch, also refused with the real one cached.
    KeyPair other = KeyPair.fromSeed(filled(3));
    byte[] otherSigned = Parts.of(DeltaEnvelope.encodeBatch(batch(), other).get(1)).signature;
    assertThatThrownBy(
            () -> DeltaEnvelope.decode(second.withSignature(otherSigned), CONTEXT, verified))
        .isInstanceOf(RejectedDeltaException.class);
    assertThat(DeltaEnvelope.decode(encoded.get(1), CONTEXT, verified)).isEqualTo(batch().get(1));
  }

  @Test
  void batchesLargerThanTheCapAreNotEncoded() {
    List<DeltaEnvelope> many = new ArrayList<>();
    for (int i = 0; i <= BatchProof.MAX_BATCH; i++) {
      many.add(batch().get(0));
    }
    assertThatThrownBy(() -> DeltaEnvelope.encodeBatch(many, AUTHOR))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertRefused(byte[] envelope) {
    assertThatThrownBy(() -> DeltaEnvelope.decode(envelope, CONTEXT))
        .isInstanceOf(RejectedDeltaException.class);
  }

  /** An encoded envelope split into the part before the batch proof and the proof's fields. */
  record Parts(byte[] head, int n, int index, List<byte[]> path, byte[] signature) {
    static Parts of(byte[] envelope) {
      BinaryReader in = new BinaryReader(envelope);
      in.u8();
      in.id();
      in.bytes(DeltaEnvelope.MAX_BYTES);
      in.bytes(DeltaEnvelope.MAX_BYTES);
      GovernancePosition.readFrom(in);
      byte[] head = Arrays.copyOf(envelope, in.position());
      int n = (int) in.varint();
      int index = (int) in.varint();
      List<byte[]> path = new ArrayList<>();
      for (int i = BatchProof.pathLength(n, index); i > 0; i--) {
        path.add(in.id());
      }
      return new Parts(head, n, index, path, in.raw(64));
    }

    byte[] with(int n, int index, List<byte[]> path) {
      BinaryWriter out = new BinaryWriter().raw(head).varint(n).varint(index);
      path.forEach(out::raw);
      return out.raw(signature).toByteArray();
    }

    byte[] withSignature(byte[] other) {
      return new Parts(head, n, index, path, other).with(n, index, path);
    }
  }
}
