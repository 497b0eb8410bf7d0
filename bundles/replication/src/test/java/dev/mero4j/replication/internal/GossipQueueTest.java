package dev.mero4j.replication.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mero4j.transport.api.Message;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.Transport;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gossip apply queue is bounded, overall and per remote host; a full queue drops, and penalises
 * only the sender holding more than its share (issue 16, item 6). The transport is an in-memory
 * fake.
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

  /** Holds the worker until the test ends or releases it, so offered messages stay queued. */
  private void blockWorker() throws InterruptedException {
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
  }

  @Test
  void aFullQueueDropsAndPenalisesOnlyTheFlooder() throws InterruptedException {
    GossipQueue queue = queue();
    blockWorker();
    PeerId flooder = new PeerId("12D3KooWflooder");
    PeerId honest = new PeerId("12D3KooWhonest");
    AtomicInteger applied = new AtomicInteger();
    for (int i = 0; i < GossipQueue.MAX_QUEUED - 10; i++) {
      queue.offer(from(flooder), h -> applied.incrementAndGet());
    }
    for (int i = 0; i < 10; i++) {
      queue.offer(from(honest), h -> applied.incrementAndGet());
    }
    assertThat(queue.queued()).isEqualTo(GossipQueue.MAX_QUEUED);

    queue.offer(from(honest), h -> applied.incrementAndGet());
    assertThat(penalised).isEmpty();
    queue.offer(from(flooder), h -> applied.incrementAndGet());
    assertThat(penalised).containsExactly(flooder);
    assertThat(queue.dropped()).isEqualTo(2);

    release.countDown();
    await().until(() -> queue.queued() == 0);
    assertThat(applied).hasValue(GossipQueue.MAX_QUEUED);
  }

  @Test
  void peerIdsMintedOnOneHostShareItsPartOfTheQueueWhileAnotherHostGetsThrough() throws Exception {
    Map<PeerId, InetAddress> addresses = new HashMap<>();
    List<PeerId> minted = new ArrayList<>();
    for (int i = 0; i < 128; i++) {
      PeerId id = new PeerId("12D3KooWminted" + i);
      minted.add(id);
      addresses.put(
          id, InetAddress.getByName(i % 2 == 0 ? "2001:db8:7:7::1" : "2001:db8:7:7::" + i));
    }
    PeerId other = new PeerId("12D3KooWother");
    addresses.put(other, InetAddress.getByName("2001:db8:7:8::1"));
    GossipQueue queue =
        new GossipQueue(Fakes.penaltyRecorder(penalised, addresses), ReplicationWork.on(worker));
    blockWorker();
    List<Optional<RemoteHost>> hosts = new CopyOnWriteArrayList<>();
    for (int round = 0; round < 16; round++) {
      for (PeerId id : minted) {
        queue.offer(from(id), hosts::add);
      }
    }
    RemoteHost sybil = RemoteHost.of(InetAddress.getByName("2001:db8:7:7::ffff"));
    assertThat(queue.queued(sybil)).isEqualTo(GossipQueue.MAX_QUEUED_PER_HOST);
    assertThat(queue.queued()).isEqualTo(GossipQueue.MAX_QUEUED_PER_HOST);
    assertThat(queue.dropped()).isEqualTo(16L * 128 - GossipQueue.MAX_QUEUED_PER_HOST);
    assertThat(penalised).as("no minted id alone held more than its share").isEmpty();

    queue.offer(from(other), hosts::add);
    assertThat(queue.queued()).isEqualTo(GossipQueue.MAX_QUEUED_PER_HOST + 1);
    release.countDown();
    await().until(() -> queue.queued() == 0);
    assertThat(hosts)
        .hasSize(GossipQueue.MAX_QUEUED_PER_HOST + 1)
        .contains(Optional.of(sybil), Optional.of(RemoteHost.of(addresses.get(other))));
  }

  @Test
  void peersOnThisMachineShareMostOfTheQueueButNotAllOfIt() throws Exception {
    Map<PeerId, InetAddress> addresses = new HashMap<>();
    List<PeerId> local = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      PeerId id = new PeerId("12D3KooWlocal" + i);
      local.add(id);
      addresses.put(id, InetAddress.getByName(i % 2 == 0 ? "127.0.0.1" : "::1"));
    }
    PeerId remote = new PeerId("12D3KooWremote");
    addresses.put(remote, InetAddress.getByName("198.51.100.9"));
    GossipQueue queue =
        new GossipQueue(Fakes.penaltyRecorder(penalised, addresses), ReplicationWork.on(worker));
    blockWorker();
    for (int i = 0; i < GossipQueue.MAX_QUEUED; i++) {
      queue.offer(from(local.get(i % local.size())), h -> {});
    }
    assertThat(queue.queued(RemoteHost.LOOPBACK)).isEqualTo(GossipQueue.MAX_QUEUED_LOOPBACK);
    queue.offer(from(remote), h -> {});
    assertThat(queue.queued()).isEqualTo(GossipQueue.MAX_QUEUED_LOOPBACK + 1);
  }

  @Test
  void checksRunOffTheWorkerAndTheirAppliesRunOnItInOfferOrder() throws InterruptedException {
    int messages = 64;
    List<String> checkThreads = new CopyOnWriteArrayList<>();
    List<String> applyThreads = new CopyOnWriteArrayList<>();
    List<Integer> applied = new CopyOnWriteArrayList<>();
    CountDownLatch firstMayFinish = new CountDownLatch(1);
    CountDownLatch othersChecked = new CountDownLatch(messages - 1);
    try (ReplicationWork work = ReplicationWork.owned()) {
      GossipQueue queue = new GossipQueue(Fakes.penaltyRecorder(penalised), work);
      PeerId peer = new PeerId("12D3KooWpeer");
      for (int i = 0; i < messages; i++) {
        int n = i;
        queue.offerChecked(
            from(peer),
            host -> {
              checkThreads.add(Thread.currentThread().getName());
              if (n == 0) {
                awaitQuietly(firstMayFinish);
              } else {
                othersChecked.countDown();
              }
              return () -> {
                applyThreads.add(Thread.currentThread().getName());
                applied.add(n);
              };
            });
      }
      assertThat(othersChecked.await(1, TimeUnit.MINUTES))
          .as("later checks run while the first is still running")
          .isTrue();
      assertThat(queue.queued()).as("held until applied").isEqualTo(messages);
      firstMayFinish.countDown();
      await().until(() -> queue.queued() == 0);
    }
    assertThat(applied).as("applied in offer order").isSortedAccordingTo(Integer::compare);
    assertThat(applied).hasSize(messages);
    assertThat(checkThreads).allMatch(name -> name.equals("mero4j-verify"));
    assertThat(applyThreads).allMatch(name -> name.equals("mero4j-replication"));
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      assertThat(latch.await(1, TimeUnit.MINUTES)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
