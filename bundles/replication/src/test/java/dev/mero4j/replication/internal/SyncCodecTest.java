package dev.mero4j.replication.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.GovernanceOpId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.Hex;
import dev.mero4j.primitives.MalformedEncodingException;
import dev.mero4j.primitives.PrimitiveException;
import dev.mero4j.primitives.PublicKey;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SyncCodecTest {
  private static final ContextId CTX = ContextId.of(filled(1));
  private static final DeltaId D1 = DeltaId.of(filled(2));
  private static final Hash ROOT = Hash.of(filled(3));
  private static final GovernanceOpId G1 = GovernanceOpId.of(filled(4));

  private static byte[] filled(int b) {
    byte[] bytes = new byte[32];
    java.util.Arrays.fill(bytes, (byte) b);
    return bytes;
  }

  @Test
  void goldenVectors() {
    assertThat(Hex.encode(SyncCodec.encode(new SyncFrame.HeadsRequest(CTX))))
        .isEqualTo("0103" + "01".repeat(32));
    assertThat(Hex.encode(SyncCodec.encode(new SyncFrame.Heartbeat(new byte[] {5, 6}))))
        .as("a heartbeat carries only sealed bytes, no context id")
        .isEqualTo("0102" + "020506");
    assertThat(Hex.encode(SyncCodec.encode(new SyncFrame.Delta(new byte[] {7}))))
        .isEqualTo("0101" + "0107");
    assertThat(Hex.encode(SyncCodec.encode(new SyncFrame.Governance(new byte[] {7}))))
        .isEqualTo("010d" + "0107");
    assertThat(Hex.encode(SyncCodec.encode(new SyncFrame.GovernanceRequest(CTX, List.of(G1)))))
        .isEqualTo("0109" + "01".repeat(32) + "01" + "04".repeat(32));
    assertThat(
            Hex.encode(
                SyncCodec.encode(
                    new SyncFrame.GovernanceResponse(List.of(new byte[] {1}, new byte[0])))))
        .isEqualTo("010a" + "02" + "0101" + "00");
    assertThat(
            Hex.encode(
                SyncCodec.encode(
                    new SyncFrame.JoinRequest(CTX, filled(7), new byte[40], new byte[] {3}))))
        .isEqualTo("0107" + "01".repeat(32) + "07".repeat(32) + "00".repeat(40) + "0103");
    assertThat(Hex.encode(SyncCodec.encode(new SyncFrame.JoinHello(filled(6), filled(8)))))
        .isEqualTo("011e" + "06".repeat(32) + "08".repeat(32));
    assertThat(
            Hex.encode(SyncCodec.encode(new SyncFrame.JoinChallenge(new byte[40], new byte[] {9}))))
        .isEqualTo("011f" + "00".repeat(40) + "0109");
    assertThat(Hex.encode(SyncCodec.encode(new SyncFrame.KeyRequest(CTX, PublicKey.of(filled(5))))))
        .isEqualTo("010b" + "01".repeat(32) + "05".repeat(32));
    assertThat(Hex.encode(SyncCodec.encode(new SyncFrame.KeyResponse(List.of(new byte[] {6})))))
        .isEqualTo("010c" + "01" + "0106");
    assertThat(Hex.encode(SyncCodec.encode(new SyncFrame.JoinResponse(new byte[] {4}))))
        .isEqualTo("0108" + "0104");
    assertThat(HeartbeatBody.decode(HeartbeatBody.of(ROOT, List.of(D1), List.of(G1)).encode()))
        .isEqualTo(HeartbeatBody.of(ROOT, List.of(D1), List.of(G1)));
    assertThat(
            Hex.encode(
                SyncCodec.encode(new SyncFrame.GetResponse(List.of(new byte[] {9, 8}), List.of()))))
        .isEqualTo("0106" + "01" + "020908" + "00");
    assertThat(SyncProtocol.topic(CTX.toBytes()))
        .startsWith("/mero4j/ctx/")
        .hasSize("/mero4j/ctx/".length() + 40)
        .doesNotContain(CTX.toHex().substring(0, 16))
        .isNotEqualTo(SyncProtocol.topic(ROOT.toBytes()));
  }

  @Test
  void everyFrameRoundTrips() {
    List<SyncFrame> frames =
        List.of(
            new SyncFrame.HeadsRequest(CTX),
            new SyncFrame.HeadsResponse(true, ROOT, List.of(D1, DeltaId.ZERO)),
            new SyncFrame.GetRequest(CTX, List.of(D1)),
            new SyncFrame.GovernanceRequest(CTX, List.of()),
            new SyncFrame.GovernanceRequest(CTX, List.of(G1)),
            new SyncFrame.KeyRequest(CTX, PublicKey.of(filled(5))));
    for (SyncFrame frame : frames) {
      assertThat(SyncCodec.decode(SyncCodec.encode(frame))).isEqualTo(frame);
    }
    SyncFrame.Delta delta =
        (SyncFrame.Delta) SyncCodec.decode(SyncCodec.encode(new SyncFrame.Delta(new byte[] {7})));
    assertThat(delta.envelope()).containsExactly(7);
    SyncFrame.Heartbeat beat =
        (SyncFrame.Heartbeat)
            SyncCodec.decode(SyncCodec.encode(new SyncFrame.Heartbeat(new byte[] {8})));
    assertThat(beat.sealed()).containsExactly(8);
    SyncFrame.GovernanceResponse ops =
        (SyncFrame.GovernanceResponse)
            SyncCodec.decode(
                SyncCodec.encode(new SyncFrame.GovernanceResponse(List.of(new byte[] {1, 2}))));
    assertThat(ops.ops()).singleElement().satisfies(op -> assertThat(op).containsExactly(1, 2));
  }

  @Test
  void truncationsAndGarbageAreTypedErrors() {
    byte[] good = SyncCodec.encode(new SyncFrame.GovernanceRequest(CTX, List.of(G1)));
    for (int cut = 0; cut < good.length; cut++) {
      byte[] truncated = java.util.Arrays.copyOf(good, cut);
      assertThatThrownBy(() -> SyncCodec.decode(truncated))
          .isInstanceOf(MalformedEncodingException.class);
    }
    assertThatThrownBy(() -> SyncCodec.decode(new byte[] {1, 99}))
        .hasMessageContaining("unknown sync frame type");
    assertThatThrownBy(() -> SyncCodec.decode(new byte[] {2, 1}))
        .isInstanceOf(MalformedEncodingException.class);
    byte[] trailing = java.util.Arrays.copyOf(good, good.length + 1);
    assertThatThrownBy(() -> SyncCodec.decode(trailing)).hasMessageContaining("trailing");
    Random random = new Random(3);
    for (int i = 0; i < 5000; i++) {
      byte[] noise = new byte[random.nextInt(200)];
      random.nextBytes(noise);
      try {
        SyncCodec.decode(noise);
      } catch (PrimitiveException expected) {
        // every malformed input must surface as a typed decoding error, nothing else
      }
    }
  }
}
