package dev.mero4j.transport.libp2p.internal.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.primitives.KeyPair;
import dev.mero4j.transport.api.Message;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.ProtocolViolationException;
import dev.mero4j.transport.api.TopicValidator;
import dev.mero4j.transport.api.TopicValidator.Result;
import dev.mero4j.transport.libp2p.internal.util.PeerIds;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The batch frame of Mero4j topics: exact round trips, and any defect refuses the whole frame. */
class PayloadBatchTest {
  private static final String TOPIC = "/mero4j/ctx/batch";
  private static final PeerId PEER = PeerIds.of(KeyPair.fromSeed(new byte[32]).publicKey());

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Message message(byte[] data) {
    return new Message(TOPIC, PEER, data);
  }

  @Test
  void randomBatchesDecodeToTheSamePayloadsInOrder() {
    Random random = new Random(11);
    for (int round = 0; round < 500; round++) {
      List<byte[]> payloads = new ArrayList<>();
      int n = 1 + random.nextInt(round % 10 == 0 ? PayloadBatch.MAX_COUNT : 40);
      for (int i = 0; i < n; i++) {
        byte[] p = new byte[random.nextInt(i % 7 == 0 ? 300 : 20)];
        random.nextBytes(p);
        payloads.add(p);
      }
      List<byte[]> decoded = PayloadBatch.decode(PayloadBatch.encode(payloads));
      assertThat(decoded).hasSize(n);
      for (int i = 0; i < n; i++) {
        assertThat(decoded.get(i)).isEqualTo(payloads.get(i));
      }
    }
  }

  @Test
  void theFrameIsTagCountThenLengthPrefixedPayloads() {
    byte[] frame = PayloadBatch.encode(List.of(utf8("ab"), new byte[0], utf8("c")));
    assertThat(frame).containsExactly(0xB1 - 256, 3, 2, 'a', 'b', 0, 1, 'c');
  }

  @Test
  void everyTruncationAndEveryExtraByteIsRefused() {
    byte[] frame = PayloadBatch.encode(List.of(utf8("first"), utf8("second"), new byte[200]));
    for (int length = 0; length < frame.length; length++) {
      byte[] cut = Arrays.copyOf(frame, length);
      assertThatThrownBy(() -> PayloadBatch.decode(cut))
          .as("cut to %d bytes", length)
          .isInstanceOf(ProtocolViolationException.class);
      assertThat(PayloadBatch.validating(() -> null).validate(message(cut)))
          .as("checked without copies, cut to %d bytes", length)
          .isEqualTo(Result.REJECT);
    }
    byte[] longer = Arrays.copyOf(frame, frame.length + 1);
    assertThatThrownBy(() -> PayloadBatch.decode(longer))
        .isInstanceOf(ProtocolViolationException.class)
        .hasMessageContaining("after its last payload");
  }

  @Test
  void aWrongTagAZeroOrOversizedCountAndAnEndlessVarintAreRefused() {
    byte[][] hostile = {
      {0x01, 1, 0},
      {(byte) 0xB1, 0},
      {(byte) 0xB1, (byte) 0x81, 0x20, 0},
      {(byte) 0xB1, 1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1},
      {(byte) 0xB1, 2, 5, 'x'},
    };
    for (byte[] frame : hostile) {
      assertThatThrownBy(() -> PayloadBatch.decode(frame))
          .as(Arrays.toString(frame))
          .isInstanceOf(ProtocolViolationException.class);
    }
    assertThatThrownBy(() -> PayloadBatch.encode(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aBatchIsRejectedIfItDoesNotDecodeOrAnyPayloadIsRejected() {
    TopicValidator byFirstByte =
        m ->
            switch (m.payload()[0]) {
              case 'r' -> Result.REJECT;
              case 'i' -> Result.IGNORE;
              default -> Result.ACCEPT;
            };
    TopicValidator batch = PayloadBatch.validating(() -> byFirstByte);
    assertThat(batch.validate(message(utf8("not a batch")))).isEqualTo(Result.REJECT);
    assertThat(PayloadBatch.validating(() -> null).validate(message(new byte[] {1})))
        .isEqualTo(Result.REJECT);
    assertThat(batch.validate(message(PayloadBatch.encode(List.of(utf8("a"), utf8("r"))))))
        .isEqualTo(Result.REJECT);
    assertThat(batch.validate(message(PayloadBatch.encode(List.of(utf8("i1"), utf8("i2"))))))
        .isEqualTo(Result.IGNORE);
    assertThat(batch.validate(message(PayloadBatch.encode(List.of(utf8("i1"), utf8("a1"))))))
        .isEqualTo(Result.ACCEPT);
  }

  @Test
  void unpackingDeliversEachAcceptedPayloadAsItsOwnMessage() {
    List<String> delivered = new ArrayList<>();
    TopicValidator ignoreI = m -> m.payload()[0] == 'i' ? Result.IGNORE : Result.ACCEPT;
    PayloadBatch.unpacking(
            m -> {
              assertThat(m.from()).isEqualTo(PEER);
              assertThat(m.topic()).isEqualTo(TOPIC);
              delivered.add(new String(m.payload(), StandardCharsets.UTF_8));
            },
            () -> ignoreI)
        .onMessage(message(PayloadBatch.encode(List.of(utf8("a"), utf8("i"), utf8("b")))));
    assertThat(delivered).containsExactly("a", "b");
  }

  @Test
  void onlyMeroTopicsAreBatched() {
    assertThat(PayloadBatch.batched("/mero4j/ctx/abc")).isTrue();
    assertThat(PayloadBatch.batched("reset-gossip")).isFalse();
    assertThat(PayloadBatch.batched("/mero4j")).isFalse();
  }
}
