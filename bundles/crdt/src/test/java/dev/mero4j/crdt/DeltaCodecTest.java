package dev.mero4j.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.primitives.Hex;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class DeltaCodecTest {
  static final String KEYSTROKE_HEX =
      "013b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29818080c0d6fcf3c5012a01"
          + "0000000000000000000000000000000000000000000000000000000000000000"
          + "01d831284bc70edd75c4f5569f0f500307116be6179e69a7fbb4d5bcf6e3915a5b"
          + "01050001010161"
          + "d928a395591b68e09eb58afba0958f42c5c7588f3d367b547fdfa5b975a676576a770bc0893339d8dbe44c4e6d42d832f65df73d968be18e9eb63981a267750a";
  static final String KEYSTROKE_ID =
      "b8ec02d7b27650e37a529c57d8605ba8feabcc5e76b36f3656c38ff31109bf7a";
  static final String MAP_PUT_HEX =
      "013b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29818080c0d6fcf3c50101"
          + "00"
          + "017160d884d415ad5730b8df8e8b25bd09c3a4fe5f1fe8b0aa2efdaf1f067496a7"
          + "010100076b657931323334017"
          + "67f34bc746ae5a0057eee50722fb8e3999142d6a6c83a3c5aa33628e325c861077a0b93e974c9ce0661cdf1589cde7b0665e950f00f080d8ac7c2b914b97aaf0b";
  static final String MAP_PUT_ID =
      "960136bfdceb9479fd6d0c558c49d33efe228aec727dc931e8b7bec35537e3b4";

  @Test
  void aKeystrokeDeltaMatchesItsGoldenVector() {
    Delta d = GoldenVectors.keystroke();
    assertThat(Hex.encode(DeltaCodec.encode(d))).isEqualTo(KEYSTROKE_HEX);
    assertThat(d.id().toHex()).isEqualTo(KEYSTROKE_ID);
    assertThat(DeltaCodec.actionBytes(d)).isEqualTo(7);
    assertThat(DeltaCodec.decode(Hex.decode(KEYSTROKE_HEX))).isEqualTo(d);
    assertThat(DeltaCodec.decode(Hex.decode(KEYSTROKE_HEX)).verifySignature()).isTrue();
  }

  @Test
  void anUnsignedKeystrokeIsTheSignedOneWithVersionTwoAndNoSignatureAndTheSameId() {
    Delta signed = GoldenVectors.keystroke();
    Delta unsigned =
        Delta.unsigned(
            signed.author(), signed.hlc(), signed.lamport(), signed.parents(), signed.actions());
    String hex = "02" + KEYSTROKE_HEX.substring(2, KEYSTROKE_HEX.length() - 128);
    assertThat(Hex.encode(DeltaCodec.encode(unsigned))).isEqualTo(hex);
    assertThat(hex).hasSize(116 * 2);
    assertThat(unsigned.id().toHex()).isEqualTo(KEYSTROKE_ID);
    Delta back = DeltaCodec.decode(Hex.decode(hex));
    assertThat(back).isEqualTo(unsigned);
    assertThat(back.isSigned()).isFalse();
    assertThat(back.verifySignature()).isFalse();
    assertThatThrownBy(back::signature).isInstanceOf(IllegalStateException.class);
    // An unsigned delta with 64 bytes appended is not a signed one: the version says which it is.
    assertThatThrownBy(() -> DeltaCodec.decode(Hex.decode(hex + KEYSTROKE_HEX.substring(232))))
        .isInstanceOf(MalformedDeltaException.class);
    assertThatThrownBy(() -> DeltaCodec.decode(Hex.decode("00" + hex.substring(2))))
        .isInstanceOf(MalformedDeltaException.class);
  }

  @Test
  void anUnsignedDeltaIsRefusedWhereADeltaMustCarryItsOwnSignature() {
    Delta signed = GoldenVectors.mapPut();
    Delta unsigned =
        Delta.unsigned(
            signed.author(), signed.hlc(), signed.lamport(), signed.parents(), signed.actions());
    byte[] seed = new byte[32];
    seed[0] = 7;
    ContextState receiver =
        ContextState.create(
            dev.mero4j.primitives.KeyPair.fromSeed(seed),
            new HybridClock(java.time.Clock.systemUTC()));
    assertThatThrownBy(() -> receiver.apply(unsigned))
        .isInstanceOf(InvalidSignatureException.class);
    assertThat(receiver.heads()).isEmpty();
    receiver.apply(signed);
    assertThat(receiver.heads()).containsExactly(signed.id());
  }

  @Test
  void aMapPutDeltaMatchesItsGoldenVector() {
    Delta d = GoldenVectors.mapPut();
    assertThat(Hex.encode(DeltaCodec.encode(d))).isEqualTo(MAP_PUT_HEX);
    assertThat(d.id().toHex()).isEqualTo(MAP_PUT_ID);
    assertThat(DeltaCodec.actionBytes(d)).isEqualTo(13);
  }

  @Test
  void theRootEntityIdIsPinned() {
    assertThat(EntityId.ROOT.toHex())
        .isEqualTo(dev.mero4j.primitives.Hash.sha256("mero4j/root".getBytes()).toHex());
    assertThat(EntityId.ROOT.child("doc"))
        .isEqualTo(EntityId.ROOT.child("doc".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  @Property(tries = 30)
  void everyDeltaRoundTripsWithTheSameIdAndSignature(
      @ForAll @IntRange(min = 1, max = 40) int steps, @ForAll long seed) {
    ManualClock clock = new ManualClock(1_700_000_000_000L);
    List<Peer> peers = List.of(new Peer(1, clock), new Peer(2, clock));
    for (Delta d : RandomWorkload.run(peers, clock, new Random(seed), steps)) {
      Delta back = DeltaCodec.decode(DeltaCodec.encode(d));
      assertThat(back).isEqualTo(d);
      assertThat(back.actions()).isEqualTo(d.actions());
      assertThat(back.verifySignature()).isTrue();
    }
  }

  @Test
  void everyTruncationIsAMalformedDeltaException() {
    byte[] bytes = Hex.decode(KEYSTROKE_HEX);
    for (int len = 0; len < bytes.length; len++) {
      byte[] cut = java.util.Arrays.copyOf(bytes, len);
      assertThatThrownBy(() -> DeltaCodec.decode(cut)).isInstanceOf(MalformedDeltaException.class);
    }
  }

  @Property(tries = 300)
  void randomBytesNeverDecodeIntoAnythingButATypedError(@ForAll byte[] garbage) {
    try {
      DeltaCodec.decode(garbage);
    } catch (MalformedDeltaException expected) {
      // the only failure allowed
    }
  }

  @Property(tries = 300)
  void flippedBytesAreRejectedByDecodeOrBySignature(@ForAll @IntRange(min = 0, max = 179) int at) {
    byte[] bytes = Hex.decode(KEYSTROKE_HEX);
    bytes[at % bytes.length] ^= 0x20;
    List<String> outcomes = new ArrayList<>();
    try {
      Delta d = DeltaCodec.decode(bytes);
      outcomes.add(d.verifySignature() ? "verified" : "bad-signature");
    } catch (MalformedDeltaException e) {
      outcomes.add("malformed");
    }
    assertThat(outcomes).doesNotContain("verified");
  }
}
