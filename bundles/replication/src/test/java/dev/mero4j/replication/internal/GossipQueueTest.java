package dev.mero4j.replication.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mero4j.transport.api.Message;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.Transport;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gossip apply queue is bounded; a full queue drops, and penalises only the sender holding more
 * than its share (issue 16, item 6). The transport is an in-memory fake.
 */
class GossipQueueTest {
  private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor();
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<PeerId> penalised = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    release.countDown();
    worker.shutdownNow();
  }

  private GossipQueue queue() {
    Transport transport = Fakes.penaltyRecorder(penalised);
    return new GossipQueue(transport, ReplicationWork.on(worker));
  }

  private static Message from(PeerId peer) {
    return new Message("t", peer, new byte[10]);
  }

  @Test
  void aFullQueueDropsAndPenalisesOnlyTheFlooder() throws InterruptedException {
    GossipQueue queue = queue();
    CountDownLatch stuck = new CountDownLatch(1);
    worker.execute(
        () -> {
          stuck.countDown();
          try {
            release.await(1, TimeUnit.MINUTES);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    assertThat(stuck.await(1, TimeUnit.MINUTES)).isTrue();
    PeerId flooder = new PeerId("12D3KooWflooder");
    PeerId honest = new PeerId("12D3KooWhonest");
    AtomicInteger applied = new AtomicInteger();
    for (int i = 0; i < GossipQueue.MAX_QUEUED - 10; i++) {
      queue.offer(from(flooder), applied::incrementAndGet);
    }
    for (int i = 0; i < 10; i++) {
      queue.offer(from(honest), applied::incrementAndGet);
    }
    assertThat(queue.queued()).isEqualTo(GossipQueue.MAX_QUEUED);

    queue.offer(from(honest), applied::incrementAndGet);
    assertThat(penalised).isEmpty();
    queue.offer(from(flooder), applied::incrementAndGet);
    assertThat(penalised).containsExactly(flooder);
    assertThat(queue.dropped()).isEqualTo(2);

    release.countDown();
    await().until(() -> queue.queued() == 0);
    assertThat(applied).hasValue(GossipQueue.MAX_QUEUED);
  }
}
