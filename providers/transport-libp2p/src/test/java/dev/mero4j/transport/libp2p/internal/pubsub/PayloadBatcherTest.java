package dev.mero4j.transport.libp2p.internal.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mero4j.transport.api.TransportClosedException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The one sending thread of batched topics: a lone payload leaves at once, a burst in few batches.
 */
class PayloadBatcherTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** A batch as the sender received it. */
  private record Sent(String topic, List<byte[]> payloads) {}

  private final List<Sent> sent = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile boolean holdFirst;
  private final PayloadBatcher batcher =
      PayloadBatcher.start(
          (topic, data) -> {
            sent.add(new Sent(topic, PayloadBatch.decode(data)));
            if (holdFirst) {
              awaitRelease();
            }
          },
          "test-batcher");

  private void awaitRelease() {
    try {
      release.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @AfterEach
  void close() {
    release.countDown();
    batcher.close();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private List<String> received(String topic) {
    List<String> out = new ArrayList<>();
    for (Sent s : sent) {
      if (s.topic().equals(topic)) {
        s.payloads().forEach(p -> out.add(new String(p, StandardCharsets.UTF_8)));
      }
    }
    return out;
  }

  @Test
  void aLonePayloadLeavesWithoutWaitingForOthers() {
    batcher.submit("/mero4j/a", utf8("alone"));
    await().atMost(WAIT).until(() -> sent.size() == 1);
    assertThat(received("/mero4j/a")).containsExactly("alone");
  }

  @Test
  void whatQueuesWhileTheSenderIsBusyLeavesAsOneBatchInOrder() {
    holdFirst = true;
    batcher.submit("/mero4j/a", utf8("first"));
    await().atMost(WAIT).until(() -> sent.size() == 1);
    List<String> expected = new ArrayList<>(List.of("first"));
    for (int i = 0; i < 1000; i++) {
      batcher.submit("/mero4j/a", utf8("m" + i));
      expected.add("m" + i);
    }
    holdFirst = false;
    release.countDown();
    await().atMost(WAIT).until(() -> received("/mero4j/a").size() == expected.size());
    assertThat(received("/mero4j/a")).containsExactlyElementsOf(expected);
    assertThat(sent).hasSize(2);
  }

  @Test
  void aBatchHoldsAtMostTheCountCapAndOneGossipMessageOfBytes() {
    holdFirst = true;
    batcher.submit("/mero4j/a", utf8("first"));
    await().atMost(WAIT).until(() -> sent.size() == 1);
    int small = PayloadBatch.MAX_COUNT + 10;
    for (int i = 0; i < small; i++) {
      batcher.submit("/mero4j/a", new byte[1]);
    }
    for (int i = 0; i < 3; i++) {
      batcher.submit("/mero4j/b", new byte[600 * 1024]);
    }
    holdFirst = false;
    release.countDown();
    await().atMost(WAIT).until(() -> received("/mero4j/a").size() == small + 1);
    await().atMost(WAIT).until(() -> received("/mero4j/b").size() == 3);
    for (Sent s : sent) {
      assertThat(s.payloads()).hasSizeLessThanOrEqualTo(PayloadBatch.MAX_COUNT);
      assertThat(PayloadBatch.encode(s.payloads()).length)
          .isLessThanOrEqualTo(PubsubProtocol.MAX_PAYLOAD);
    }
    assertThat(sent.stream().filter(s -> s.topic().equals("/mero4j/b"))).hasSize(3);
  }

  @Test
  void topicsTakeTurns() {
    holdFirst = true;
    batcher.submit("/mero4j/a", utf8("first"));
    await().atMost(WAIT).until(() -> sent.size() == 1);
    for (int i = 0; i < 3 * PayloadBatch.MAX_COUNT; i++) {
      batcher.submit("/mero4j/a", new byte[1]);
    }
    batcher.submit("/mero4j/b", utf8("b"));
    holdFirst = false;
    release.countDown();
    await().atMost(WAIT).until(() -> received("/mero4j/b").size() == 1);
    int bAt = 0;
    while (!sent.get(bAt).topic().equals("/mero4j/b")) {
      bAt++;
    }
    assertThat(bAt).as("batches sent before b's").isLessThanOrEqualTo(2);
  }

  @Test
  void aPublisherWaitsWhileTheQueueIsFullAndGoesOnOnceItDrains() throws Exception {
    holdFirst = true;
    batcher.submit("/mero4j/a", utf8("first"));
    await().atMost(WAIT).until(() -> sent.size() == 1);
    for (int i = 0; i < PayloadBatcher.MAX_PENDING_PAYLOADS; i++) {
      batcher.submit("/mero4j/a", new byte[1]);
    }
    Thread publisher = new Thread(() -> batcher.submit("/mero4j/a", utf8("last")));
    publisher.start();
    await().atMost(WAIT).until(() -> publisher.getState() == Thread.State.WAITING);
    holdFirst = false;
    release.countDown();
    publisher.join(WAIT.toMillis());
    assertThat(publisher.isAlive()).isFalse();
    await()
        .atMost(WAIT)
        .until(() -> received("/mero4j/a").size() == PayloadBatcher.MAX_PENDING_PAYLOADS + 2);
    List<String> all = received("/mero4j/a");
    assertThat(all.get(all.size() - 1)).isEqualTo("last");
  }

  @Test
  void closeSendsWhatIsQueuedAndRefusesLaterPayloads() {
    holdFirst = true;
    batcher.submit("/mero4j/a", utf8("first"));
    await().atMost(WAIT).until(() -> sent.size() == 1);
    batcher.submit("/mero4j/a", utf8("queued"));
    holdFirst = false;
    release.countDown();
    batcher.close();
    assertThat(received("/mero4j/a")).containsExactly("first", "queued");
    assertThatThrownBy(() -> batcher.submit("/mero4j/a", utf8("late")))
        .isInstanceOf(TransportClosedException.class);
  }
}
