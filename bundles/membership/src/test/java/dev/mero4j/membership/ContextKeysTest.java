package dev.mero4j.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.membership.internal.Aead;
import dev.mero4j.membership.internal.Hkdf;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hex;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContextKeysTest {
  private static final ContextId CTX = ContextId.of(new byte[32]);
  private static final byte[] PLAINTEXT =
      "the secret state of the context".getBytes(StandardCharsets.UTF_8);

  /**
   * A seed per test: two tests drawing the same key and nonce in a row on one thread would trip the
   * JDK's reuse guard, which is the guard working.
   */
  private static final java.util.concurrent.atomic.AtomicLong SEEDS =
      new java.util.concurrent.atomic.AtomicLong(1_000_000);

  private final ContextKeys keys = new ContextKeys(CTX, Fixtures.random(SEEDS.getAndIncrement()));
  private final KeyId key = keys.generate();

  @Test
  void sealedPayloadOpensToThePlaintextAndHidesIt() {
    byte[] sealed = keys.seal(key, PayloadKind.DELTA_ENVELOPE, PLAINTEXT);
    assertThat(keys.open(PayloadKind.DELTA_ENVELOPE, sealed)).isEqualTo(PLAINTEXT);
    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("secret");
    assertThat(sealed.length % ContextKeys.PADDING_BLOCK)
        .isEqualTo((2 + 32 + 12 + 16) % ContextKeys.PADDING_BLOCK);
  }

  @Test
  void aKeyAndNonceUsedTwiceAreRefusedLoudly() {
    byte[] aeadKey = new byte[Aead.KEY_BYTES];
    byte[] nonce = new byte[Aead.NONCE_BYTES];
    Aead.seal(aeadKey, nonce, PLAINTEXT, new byte[0]);
    assertThatThrownBy(() -> Aead.seal(aeadKey, nonce, PLAINTEXT, new byte[0]))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("reuse");
    nonce[0] = 1;
    assertThat(Aead.seal(aeadKey, nonce, PLAINTEXT, new byte[0])).isNotEmpty();
  }

  @Test
  void noncesAreUniquePerKeyByConstructionEvenWhenRandomnessRepeats() {
    SecureRandom stuck =
        new SecureRandom() {
          private static final long serialVersionUID = 1L;

          @Override
          public void nextBytes(byte[] bytes) {
            Arrays.fill(bytes, (byte) 7);
          }
        };
    ContextKeys rigged = new ContextKeys(CTX, stuck);
    KeyId id = rigged.generate();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 2_000; i++) {
      byte[] sealed = rigged.seal(id, PayloadKind.DELTA_ENVELOPE, PLAINTEXT);
      byte[] nonce = Arrays.copyOfRange(sealed, 2 + 32, 2 + 32 + Aead.NONCE_BYTES);
      assertThat(seen.add(Hex.encode(nonce))).as("nonce %d is new", i).isTrue();
      assertThat(rigged.open(PayloadKind.DELTA_ENVELOPE, sealed)).isEqualTo(PLAINTEXT);
    }
  }

  @Test
  void everyTamperedByteFailsToOpen() {
    byte[] sealed = keys.seal(key, PayloadKind.DELTA_ENVELOPE, PLAINTEXT);
    for (int i = 2 + 32; i < sealed.length; i++) {
      byte[] tampered = sealed.clone();
      tampered[i] ^= 1;
      assertThatThrownBy(() -> keys.open(PayloadKind.DELTA_ENVELOPE, tampered))
          .isInstanceOf(DecryptionFailedException.class);
    }
  }

  @Test
  void theKindAndTheContextAreBoundAsAssociatedData() {
    byte[] sealed = keys.seal(key, PayloadKind.DELTA_ENVELOPE, PLAINTEXT);
    assertThatThrownBy(() -> keys.open(PayloadKind.GOVERNANCE_OP, sealed))
        .isInstanceOf(DecryptionFailedException.class);
    byte[] relabelled = sealed.clone();
    relabelled[1] = (byte) PayloadKind.SYNC_FRAME.code();
    assertThatThrownBy(() -> keys.open(PayloadKind.SYNC_FRAME, relabelled))
        .isInstanceOf(DecryptionFailedException.class);
    ContextKeys otherContext =
        new ContextKeys(
            ContextId.of(
                new byte[] {
                  1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                  0, 0, 0, 0, 0
                }),
            Fixtures.random(9));
    MemberIdentity me = Fixtures.identity(3);
    assertThatThrownBy(
            () -> otherContext.unwrap(keys.wrap(key, me.publicKey(), me.agreementKey()), me))
        .isInstanceOf(DecryptionFailedException.class);
  }

  @Test
  void withoutTheKeyNothingOpens() {
    byte[] sealed = keys.seal(key, PayloadKind.DELTA_ENVELOPE, PLAINTEXT);
    ContextKeys outsider = new ContextKeys(CTX, Fixtures.random(2));
    assertThatThrownBy(() -> outsider.open(PayloadKind.DELTA_ENVELOPE, sealed))
        .isInstanceOf(KeyUnavailableException.class);
  }

  @Test
  void aWrappedKeyOpensOnlyForItsRecipient() {
    MemberIdentity alice = Fixtures.identity(10);
    MemberIdentity mallory = Fixtures.identity(11);
    WrappedKey wrapped = keys.wrap(key, alice.publicKey(), alice.agreementKey());
    ContextKeys aliceKeys = new ContextKeys(CTX, Fixtures.random(12));
    assertThat(aliceKeys.unwrap(wrapped, alice)).isEqualTo(key);
    assertThat(
            aliceKeys.open(
                PayloadKind.DELTA_ENVELOPE, keys.seal(key, PayloadKind.DELTA_ENVELOPE, PLAINTEXT)))
        .isEqualTo(PLAINTEXT);
    WrappedKey redirected =
        new WrappedKey(key, mallory.publicKey(), wrapped.ephemeral(), wrapped.ciphertext());
    assertThatThrownBy(() -> new ContextKeys(CTX, Fixtures.random(13)).unwrap(redirected, mallory))
        .isInstanceOf(DecryptionFailedException.class);
  }

  @Test
  void aDeliveredKeyMustMatchItsCommitment() {
    MemberIdentity alice = Fixtures.identity(10);
    ContextKeys forger = new ContextKeys(CTX, Fixtures.random(5));
    KeyId forged = forger.generate();
    WrappedKey real = forger.wrap(forged, alice.publicKey(), alice.agreementKey());
    WrappedKey relabelled =
        new WrappedKey(key, alice.publicKey(), real.ephemeral(), real.ciphertext());
    assertThatThrownBy(() -> new ContextKeys(CTX, Fixtures.random(6)).unwrap(relabelled, alice))
        .isInstanceOf(DecryptionFailedException.class);
  }

  @Test
  void hkdfMatchesRfc5869TestCase1() {
    byte[] okm =
        Hkdf.derive(
            Hex.decode("000102030405060708090a0b0c"),
            Hex.decode("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"),
            Hex.decode("f0f1f2f3f4f5f6f7f8f9"),
            42);
    assertThat(Hex.encode(okm))
        .isEqualTo(
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
  }

  /** Randomness that parks the one armed thread at its next draw until released. */
  private static final class ParkingRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private transient volatile Thread armed;
    private final transient java.util.concurrent.CountDownLatch entered =
        new java.util.concurrent.CountDownLatch(1);
    private final transient java.util.concurrent.CountDownLatch release =
        new java.util.concurrent.CountDownLatch(1);

    @Override
    public void nextBytes(byte[] bytes) {
      if (Thread.currentThread() == armed) {
        armed = null;
        entered.countDown();
        try {
          release.await(1, java.util.concurrent.TimeUnit.MINUTES);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      super.nextBytes(bytes);
    }
  }

  @Test
  void aSlowDrawForOneKeysNonceStreamDoesNotStallSealsUnderOtherKeys() throws Exception {
    ParkingRandom random = new ParkingRandom();
    ContextKeys many = new ContextKeys(CTX, random);
    KeyId slow = many.generate();
    // Enough keys that their nonce streams outgrow the map's first table: a resize visits every
    // bin, so a draw made while holding one would stall every other seal.
    java.util.List<KeyId> others = new java.util.ArrayList<>();
    for (int i = 0; i < 64; i++) {
      others.add(many.generate());
    }
    java.util.concurrent.CompletableFuture<byte[]> parked =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              random.armed = Thread.currentThread();
              return many.seal(slow, PayloadKind.GOVERNANCE_OP, PLAINTEXT);
            });
    try {
      assertThat(random.entered.await(1, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
      java.util.concurrent.CompletableFuture<Integer> rest =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> {
                for (KeyId other : others) {
                  assertThat(
                          many.open(
                              PayloadKind.DELTA_ENVELOPE,
                              many.seal(other, PayloadKind.DELTA_ENVELOPE, PLAINTEXT)))
                      .isEqualTo(PLAINTEXT);
                }
                return others.size();
              });
      assertThat(rest).succeedsWithin(java.time.Duration.ofSeconds(5)).isEqualTo(64);
    } finally {
      random.release.countDown();
    }
    assertThat(
            many.open(
                PayloadKind.GOVERNANCE_OP, parked.get(1, java.util.concurrent.TimeUnit.MINUTES)))
        .isEqualTo(PLAINTEXT);
  }
}
