package dev.mero4j.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.crdt.Action;
import dev.mero4j.crdt.Delta;
import dev.mero4j.crdt.EntityId;
import dev.mero4j.membership.GovernancePosition;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.GovernanceOpId;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.runtime.api.RejectedDeltaException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The audit-path nodes a receiver remembers from a verified batch let its later envelopes skip the
 * signed root, and never let through an envelope the full check refuses.
 */
class KnownPathsTest {
  private static final KeyPair AUTHOR = KeyPair.fromSeed(filled(1));
  private static final ContextId CONTEXT = ContextId.of(filled(7));
  private static final int SIZE = 37; // uneven: lone last nodes on several levels

  private static byte[] filled(int value) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }

  private static List<DeltaEnvelope> batch() {
    GovernancePosition position = GovernancePosition.of(List.of(GovernanceOpId.of(filled(9))));
    List<DeltaEnvelope> batch = new ArrayList<>();
    List<DeltaId> parents = List.of();
    for (int i = 0; i < SIZE; i++) {
      byte[] key = ("k" + i).getBytes(StandardCharsets.UTF_8);
      Delta delta =
          Delta.unsigned(
              AUTHOR.publicKey(),
              1_000L + i,
              1L + i,
              parents,
              List.of(new Action.Put(EntityId.ROOT, key, key)));
      batch.add(new DeltaEnvelope(CONTEXT, delta, List.of(), position));
      parents = List.of(delta.id());
    }
    return batch;
  }

  @Test
  void everyEnvelopeOfABatchOpensInAnyOrderWithOneSignatureCheck() {
    List<DeltaEnvelope> batch = batch();
    List<byte[]> encoded = DeltaEnvelope.encodeBatch(batch, AUTHOR);
    for (int[] order : new int[][] {{0, 1}, {SIZE - 1, -1}, {7, 5}}) {
      VerifiedBatches verified = new VerifiedBatches(VerifiedBatches.CAPACITY);
      for (int k = 0, i = order[0]; k < SIZE; k++, i = Math.floorMod(i + order[1], SIZE)) {
        assertThat(DeltaEnvelope.decode(encoded.get(i), CONTEXT, verified)).isEqualTo(batch.get(i));
      }
      assertThat(verified.size()).isEqualTo(1);
    }
  }

  @Test
  void withEveryNodeKnownAnyFlippedByteOfAnEnvelopeIsStillRefused() {
    List<byte[]> encoded = DeltaEnvelope.encodeBatch(batch(), AUTHOR);
    VerifiedBatches verified = new VerifiedBatches(VerifiedBatches.CAPACITY);
    encoded.forEach(e -> DeltaEnvelope.decode(e, CONTEXT, verified));
    for (int index : new int[] {0, 1, 18, SIZE - 2, SIZE - 1}) {
      byte[] good = encoded.get(index);
      for (int i = 0; i < good.length; i++) {
        byte[] altered = good.clone();
        altered[i] ^= 0x01;
        int at = i;
        assertThatThrownBy(() -> DeltaEnvelope.decode(altered, CONTEXT, verified))
            .as("envelope %d, byte %d of %d", index, at, good.length)
            .isInstanceOf(RejectedDeltaException.class);
      }
    }
  }

  @Test
  void anEnvelopeWithAnotherEnvelopesPathIsRefusedWhateverIsKnown() {
    List<byte[]> encoded = DeltaEnvelope.encodeBatch(batch(), AUTHOR);
    List<BatchEnvelopeTest.Parts> parts =
        encoded.stream().map(BatchEnvelopeTest.Parts::of).toList();
    VerifiedBatches verified = new VerifiedBatches(VerifiedBatches.CAPACITY);
    encoded.forEach(e -> DeltaEnvelope.decode(e, CONTEXT, verified));
    for (int i = 0; i < SIZE; i += 3) {
      for (int j = 0; j < SIZE; j += 4) {
        BatchEnvelopeTest.Parts p = parts.get(i);
        if (j != i && parts.get(j).path().size() == p.path().size()) {
          byte[] moved = p.with(SIZE, j, p.path());
          byte[] swapped = p.with(SIZE, i, parts.get(j).path());
          for (byte[] bad : List.of(moved, swapped)) {
            assertThatThrownBy(() -> DeltaEnvelope.decode(bad, CONTEXT, verified))
                .isInstanceOf(RejectedDeltaException.class);
          }
        }
      }
    }
  }
}
