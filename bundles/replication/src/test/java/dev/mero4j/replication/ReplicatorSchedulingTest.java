package dev.mero4j.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.replication.internal.SyncCodec;
import dev.mero4j.replication.internal.SyncFrame;
import dev.mero4j.replication.internal.SyncProtocol;
import dev.mero4j.transport.api.PeerId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replicator's own work keeps running: periodic tasks survive failures, gossip never waits for
 * sync.
 */
class ReplicatorSchedulingTest {
  /** Periodic sync far apart, so only heartbeats and gossip move state within a test. */
  private static final ReplicationConfig HEARTBEATS_ONLY =
      new ReplicationConfig(
          Duration.ofHours(1), Duration.ofMillis(100), Duration.ofSeconds(8), 200, 200);

  @TempDir Path dir;

  private Cluster cluster;

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void deletingAContextKeepsTheHeartbeatsOfTheOthersAndUntracksIt() {
    cluster = Cluster.onLoopback(dir, 3, HEARTBEATS_ONLY);
    Cluster.Node a = cluster.add();
    Cluster.Node b = cluster.add();
    ContextId kept = a.contexts.create(a.app, "{}").contextId();
    ContextId deleted = a.contexts.create(a.app, "{}").contextId();
    Cluster.join(b, a, kept);
    PeerId from = a.transport.localPeer().id();
    AtomicInteger beats = new AtomicInteger();
    b.transport.subscribe(
        SyncProtocol.topic(a.contexts.rendezvousSecret(kept)),
        message -> {
          if (message.from().equals(from)
              && SyncCodec.decode(message.payload()) instanceof SyncFrame.Heartbeat) {
            beats.incrementAndGet();
          }
        });
    await().atMost(Duration.ofSeconds(10)).until(() -> beats.get() >= 2);

    a.contexts.delete(deleted);

    int before = beats.get();
    await("heartbeats after the delete")
        .atMost(Duration.ofSeconds(5))
        .until(() -> beats.get() >= before + 5);
    await("untracked")
        .atMost(Duration.ofSeconds(5))
        .until(() -> !a.replicator.contexts().contains(deleted));
    assertThat(a.replicator.failedTaskCount()).isZero();
  }

  @Test
  void gossipAppliesPromptlyWhileSyncWaitsForAPeerThatNeverAnswers() {
    cluster = Cluster.onLoopback(dir, 5, HEARTBEATS_ONLY);
    Cluster.Node a = cluster.add();
    Cluster.Node b = cluster.add();
    ContextId first = a.contexts.create(a.app, "{}").contextId();
    ContextId second = a.contexts.create(a.app, "{}").contextId();
    ContextId third = a.contexts.create(a.app, "{}").contextId();
    for (ContextId ctx : Set.of(first, second, third)) {
      Cluster.join(b, a, ctx);
      cluster.awaitConverged(ctx, Duration.ofSeconds(20));
    }
    // A peer that takes every request and never answers: it connects (so b syncs with it), but
    // the network drops everything between it and b.
    Cluster.Node silent = cluster.add();
    cluster
        .network()
        .partition(
            Set.of(a.transport.localPeer().id(), b.transport.localPeer().id()),
            Set.of(silent.transport.localPeer().id()));
    b.replicator.syncNow(second);
    b.replicator.syncNow(third);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                b.replicator.status(second).state() == SyncStatus.State.SYNCING
                    && b.replicator.status(third).state() == SyncStatus.State.SYNCING);

    a.call(first, "set", "{\"key\":\"gossip\",\"value\":\"1\"}");

    await("gossip applied while sync waits")
        .atMost(Duration.ofSeconds(2))
        .until(() -> "\"1\"".equals(b.call(first, "get", "{\"key\":\"gossip\"}")));
  }
}
