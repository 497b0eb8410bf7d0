package dev.mero4j.transport.libp2p.internal.kad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.primitives.KeyPair;
import dev.mero4j.transport.libp2p.internal.util.PeerIds;
import dev.mero4j.transport.libp2p.internal.util.ProtoWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Provider records (TTL, caps, eviction) and signed records (validation, newest wins). */
class KadStoresTest {
  private final AtomicLong clock = new AtomicLong();
  private final KeyPair owner = KadTestPeers.key("owner");
  private final byte[] key = SignedRecords.key(PeerIds.of(owner.publicKey()), "inbox");

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void providersExpireAndLoseTheirAddressesFirst() {
    ProviderStore store = new ProviderStore(KadParams.DEFAULTS, clock::get, 4, 100);
    KadContact p = KadContact.of(KadTestPeers.contact("p").rawId(), List.of(new byte[] {1}));
    store.add(utf8("k"), p);
    assertThat(store.get(utf8("k"), 10))
        .singleElement()
        .satisfies(c -> assertThat(c.addrs()).hasSize(1));
    clock.addAndGet(Duration.ofMinutes(31).toNanos());
    assertThat(store.get(utf8("k"), 10))
        .singleElement()
        .satisfies(c -> assertThat(c.addrs()).isEmpty());
    clock.addAndGet(Duration.ofHours(24).toNanos());
    assertThat(store.get(utf8("k"), 10)).isEmpty();
    store.sweep();
    assertThat(store.size()).isZero();
  }

  @Test
  void perKeyAndTotalCapsEvictTheOldest() {
    ProviderStore store = new ProviderStore(KadParams.DEFAULTS, clock::get, 3, 5);
    for (int i = 0; i < 5; i++) {
      clock.incrementAndGet();
      store.add(utf8("a"), KadTestPeers.contact("a" + i));
    }
    assertThat(store.get(utf8("a"), 10))
        .extracting(KadContact::id)
        .containsExactly(
            KadTestPeers.contact("a4").id(),
            KadTestPeers.contact("a3").id(),
            KadTestPeers.contact("a2").id());
    for (int i = 0; i < 3; i++) {
      clock.incrementAndGet();
      store.add(utf8("b" + i), KadTestPeers.contact("b" + i));
    }
    assertThat(store.size()).isEqualTo(5);
    assertThat(store.get(utf8("a"), 10))
        .hasSize(2)
        .extracting(KadContact::id)
        .doesNotContain(KadTestPeers.contact("a2").id());
    assertThat(store.get(utf8("a"), 1)).hasSize(1);
  }

  @Test
  void aSignedRecordValidatesAndTheHigherSequenceWins() {
    RecordStore store = new RecordStore(2);
    byte[] v1 = SignedRecords.sign(owner, key, 1, utf8("one"));
    byte[] v2 = SignedRecords.sign(owner, key, 2, utf8("two"));
    assertThat(SignedRecords.validate(key, v2).data()).isEqualTo(utf8("two"));
    assertThat(store.put(key, v2)).isTrue();
    assertThat(store.put(key, v1)).isFalse();
    assertThat(store.get(key)).isEqualTo(v2);
  }

  @Test
  void forgedUnsignedAndForeignRecordsAreRefused() {
    byte[] good = SignedRecords.sign(owner, key, 1, utf8("x"));
    byte[] forged = good.clone();
    forged[forged.length - 1] ^= 1;
    assertThatThrownBy(() -> SignedRecords.validate(key, forged))
        .hasMessageContaining("does not verify");
    byte[] unsigned = new ProtoWriter().uint64(1, 5).bytes(2, utf8("x")).toByteArray();
    assertThatThrownBy(() -> SignedRecords.validate(key, unsigned))
        .hasMessageContaining("without a valid signature");
    KeyPair mallory = KadTestPeers.key("mallory");
    byte[] malloryKey = SignedRecords.key(PeerIds.of(mallory.publicKey()), "inbox");
    byte[] byMallory = SignedRecords.sign(mallory, malloryKey, 9, utf8("x"));
    assertThatThrownBy(() -> SignedRecords.validate(key, byMallory))
        .hasMessageContaining("does not verify");
    assertThatThrownBy(() -> SignedRecords.validate(utf8("/pk/whatever"), good))
        .hasMessageContaining("namespace");
    assertThatThrownBy(() -> SignedRecords.validate(utf8("/mero4j/notapeer/x"), good))
        .isInstanceOf(KadException.class);
    assertThatThrownBy(() -> SignedRecords.validate(key, new byte[] {(byte) 0xFF}))
        .isInstanceOf(KadException.class);
    assertThatThrownBy(() -> SignedRecords.sign(mallory, key, 1, utf8("x")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
