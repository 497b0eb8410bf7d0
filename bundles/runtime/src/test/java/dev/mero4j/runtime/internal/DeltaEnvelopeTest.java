package dev.mero4j.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.crdt.ContextState;
import dev.mero4j.crdt.Delta;
import dev.mero4j.crdt.DeltaCodec;
import dev.mero4j.crdt.HybridClock;
import dev.mero4j.crdt.Transaction;
import dev.mero4j.membership.GovernancePosition;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.runtime.api.AppEvent;
import dev.mero4j.runtime.api.RejectedDeltaException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decoding a delta envelope: one signature check (the envelope's) authenticates the delta. */
class DeltaEnvelopeTest {
  private static final ContextId CONTEXT = ContextId.of(new byte[32]);
  private static final KeyPair AUTHOR = key(1);
  private static final KeyPair OTHER = key(2);

  private static KeyPair key(int seed) {
    byte[] s = new byte[32];
    s[0] = (byte) seed;
    s[31] = 5;
    return KeyPair.fromSeed(s);
  }

  private static Delta delta(String value) {
    ContextState state = ContextState.create(AUTHOR, new HybridClock(Clock.systemUTC()));
    Transaction tx = state.begin();
    tx.root().put("k".getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    return tx.commit().orElseThrow();
  }

  private static DeltaEnvelope envelope(Delta delta) {
    return new DeltaEnvelope(
        CONTEXT,
        delta,
        List.of(new AppEvent("Set", "{}", java.util.Optional.empty())),
        GovernancePosition.of(List.of(dev.mero4j.primitives.GovernanceOpId.of(new byte[32]))));
  }

  /**
   * The same delta with its own signature bytes changed (neither its id nor the envelope covers
   * them).
   */
  private static Delta withBadOwnSignature(Delta delta) {
    byte[] bytes = DeltaCodec.encode(delta);
    bytes[bytes.length - 1] ^= 1;
    return DeltaCodec.decode(bytes);
  }

  @Test
  void aDeltaWithABadOwnSignatureInsideItsAuthorsEnvelopeDecodesAsThatAuthorsDelta() {
    Delta good = delta("v");
    Delta bad = withBadOwnSignature(good);
    assertThat(bad.verifySignature()).isFalse();
    DeltaEnvelope decoded = DeltaEnvelope.decode(envelope(bad).encode(AUTHOR), CONTEXT);
    // Harmless: same id, author and actions as the delta the author signed the envelope over.
    assertThat(decoded.delta().id()).isEqualTo(good.id());
    assertThat(decoded.delta().author()).isEqualTo(AUTHOR.publicKey());
    assertThat(decoded.delta().actions()).isEqualTo(good.actions());
  }

  @Test
  void anEnvelopeSignedByAnyoneButTheDeltasAuthorIsRejected() {
    byte[] forged = envelope(delta("v")).encode(OTHER);
    assertThatThrownBy(() -> DeltaEnvelope.decode(forged, CONTEXT))
        .isInstanceOf(RejectedDeltaException.class)
        .hasMessageContaining("bad signature");
  }

  @Test
  void aDeltaChangedAfterTheAuthorSignedTheEnvelopeIsRejected() {
    Delta signedOver = delta("v");
    byte[] sealed = envelope(signedOver).encode(AUTHOR);
    byte[] original = DeltaCodec.encode(signedOver);
    byte[] changed = DeltaCodec.encode(delta("w"));
    // Same length: swap the delta bytes inside the envelope, keeping the author's envelope
    // signature.
    assertThat(changed).hasSameSizeAs(original);
    int at = indexOf(sealed, original);
    System.arraycopy(changed, 0, sealed, at, changed.length);
    assertThatThrownBy(() -> DeltaEnvelope.decode(sealed, CONTEXT))
        .isInstanceOf(RejectedDeltaException.class)
        .hasMessageContaining("bad signature");
  }

  @Test
  void everyAlteredByteOfAnEnvelopeWithAnUnsignedDeltaIsRefused() {
    ContextState state = ContextState.create(AUTHOR, new HybridClock(Clock.systemUTC()));
    Transaction tx = state.begin();
    tx.root().put("k".getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8));
    Delta unsigned = tx.commitUnsigned().orElseThrow();
    assertThat(unsigned.isSigned()).isFalse();
    byte[] good = envelope(unsigned).encode(AUTHOR);
    DeltaEnvelope decoded = DeltaEnvelope.decode(good, CONTEXT);
    assertThat(decoded.delta()).isEqualTo(unsigned);
    assertThat(decoded.delta().author()).isEqualTo(AUTHOR.publicKey());
    // The delta, its events, its position and the signature: one flipped bit anywhere is refused.
    for (int i = 0; i < good.length; i++) {
      byte[] altered = good.clone();
      altered[i] ^= 0x10;
      int at = i;
      assertThatThrownBy(() -> DeltaEnvelope.decode(altered, CONTEXT))
          .as("byte %d of %d altered", at, good.length)
          .isInstanceOf(RejectedDeltaException.class);
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("delta bytes not found in the envelope");
  }
}
