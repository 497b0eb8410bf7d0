package dev.mero4j.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.crdt.ContextState;
import dev.mero4j.crdt.Delta;
import dev.mero4j.crdt.HybridClock;
import dev.mero4j.crdt.Transaction;
import dev.mero4j.membership.GovernancePosition;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.GovernanceOpId;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.runtime.api.RejectedDeltaException;
import dev.mero4j.runtime.internal.DeltaEnvelope;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The exported batch signing API writes the node's envelopes: the node's decoder accepts them, a
 * receiver gets each delta back, and a forged or misplaced envelope is refused.
 */
class SignedBatchesTest {
  private static final ContextId CONTEXT = ContextId.of(filled(7));
  private static final GovernancePosition POSITION =
      GovernancePosition.of(List.of(GovernanceOpId.of(filled(9))));
  private static final KeyPair AUTHOR = KeyPair.fromSeed(filled(3));

  private static byte[] filled(int value) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }

  /** {@code n} unsigned writes by {@code AUTHOR}, each the child of the one before. */
  private static List<Delta> writes(int n) {
    ContextState state = ContextState.create(AUTHOR, new HybridClock(Clock.systemUTC()));
    List<Delta> deltas = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Transaction tx = state.begin();
      tx.root().put(utf8("k" + i), utf8("v" + i));
      deltas.add(tx.commitUnsigned().orElseThrow());
    }
    return deltas;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void eachEnvelopeOfABatchOpensToItsDeltaAtTheReceiverAndInTheNodesDecoder() {
    List<Delta> deltas = writes(5);
    List<byte[]> envelopes = SignedBatches.sign(CONTEXT, POSITION, deltas, AUTHOR);
    SignedBatches.Receiver receiver = SignedBatches.receiver(CONTEXT);

    assertThat(envelopes).hasSize(5);
    for (int i = 0; i < 5; i++) {
      assertThat(receiver.open(envelopes.get(i)).id()).isEqualTo(deltas.get(i).id());
      DeltaEnvelope decoded = DeltaEnvelope.decode(envelopes.get(i), CONTEXT);
      assertThat(decoded.delta().id()).isEqualTo(deltas.get(i).id());
      assertThat(decoded.position()).isEqualTo(POSITION);
      assertThat(decoded.events()).isEmpty();
    }
  }

  @Test
  void aBatchCarriesOneSignatureForAllItsEnvelopes() {
    List<byte[]> envelopes = SignedBatches.sign(CONTEXT, POSITION, writes(3), AUTHOR);

    List<String> signatures =
        envelopes.stream()
            .map(e -> Arrays.toString(Arrays.copyOfRange(e, e.length - 64, e.length)))
            .distinct()
            .toList();
    assertThat(signatures).hasSize(1);
  }

  @Test
  void aForgedSignatureOrAnotherContextIsRefused() {
    List<byte[]> envelopes = SignedBatches.sign(CONTEXT, POSITION, writes(3), AUTHOR);
    byte[] forged = envelopes.get(1).clone();
    forged[forged.length - 1] ^= 1;

    assertThatThrownBy(() -> SignedBatches.receiver(CONTEXT).open(forged))
        .isInstanceOf(RejectedDeltaException.class)
        .hasMessageContaining("bad signature");
    assertThatThrownBy(() -> SignedBatches.receiver(ContextId.of(filled(8))).open(envelopes.get(0)))
        .isInstanceOf(RejectedDeltaException.class)
        .hasMessageContaining("is for context");
  }

  @Test
  void aBatchAboveTheLimitIsRefusedBeforeSigning() {
    List<Delta> deltas = writes(1);
    List<Delta> tooMany = new ArrayList<>();
    for (int i = 0; i <= SignedBatches.MAX_BATCH; i++) {
      tooMany.add(deltas.get(0));
    }

    assertThatThrownBy(() -> SignedBatches.sign(CONTEXT, POSITION, tooMany, AUTHOR))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(SignedBatches.MAX_BATCH).isEqualTo(256);
  }
}
