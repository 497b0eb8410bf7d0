package dev.mero4j.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.runtime.api.ContextEvent;
import dev.mero4j.transport.loopback.LoopbackNetwork;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three nodes on the in-JVM loopback network with injected faults. */
class LoopbackReplicationTest {
  private static final Duration CONVERGE = Duration.ofSeconds(60);

  @TempDir Path dir;

  private LoopbackNetwork network;
  private Cluster cluster;

  @BeforeEach
  void start() {
    cluster = Cluster.onLoopback(dir, 11);
    network = cluster.network();
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void lossyReorderingDuplicatingNetworkStillConverges() {
    Cluster.Node a = cluster.add();
    Cluster.Node b = cluster.add();
    Cluster.Node c = cluster.add();
    ContextId ctx = a.contexts.create(a.app, "{}").contextId();
    Cluster.join(b, a, ctx);
    Cluster.join(c, a, ctx);
    cluster.awaitConverged(ctx, CONVERGE);
    network.drop(0.3).duplicate(0.2).reorder(0.3);
    Random random = new Random(5);
    List<Cluster.Node> nodes = List.of(a, b, c);
    for (int i = 0; i < 60; i++) {
      Cluster.Node n = nodes.get(random.nextInt(3));
      n.call(ctx, "set", "{\"key\":\"k" + random.nextInt(10) + "\",\"value\":\"" + i + "\"}");
      if (i % 10 == 0) {
        n.call(ctx, "bump", "{\"by\":1}");
      }
    }
    network.reset();
    cluster.awaitConverged(ctx, CONVERGE);
    assertThat(b.call(ctx, "bump", "{\"by\":0}")).isEqualTo("6");
    await()
        .atMost(CONVERGE)
        .until(() -> nodes.stream().allMatch(n -> n.replicator.status(ctx).synced()));
    assertThat(a.replicator.digest()).isEqualTo(c.replicator.digest());
  }

  @Test
  void partitionedSidesKeepWritingAndMergeAfterHeal() {
    Cluster.Node a = cluster.add();
    Cluster.Node b = cluster.add();
    ContextId ctx = a.contexts.create(a.app, "{}").contextId();
    Cluster.join(b, a, ctx);
    cluster.awaitConverged(ctx, CONVERGE);
    network.partition(Set.of(a.transport.localPeer().id()), Set.of(b.transport.localPeer().id()));
    for (int i = 0; i < 10; i++) {
      a.call(ctx, "set", "{\"key\":\"a" + i + "\",\"value\":\"x\"}");
      b.call(ctx, "set", "{\"key\":\"b" + i + "\",\"value\":\"y\"}");
    }
    assertThat(a.contexts.replica(ctx).rootHash()).isNotEqualTo(b.contexts.replica(ctx).rootHash());
    network.heal();
    cluster.awaitConverged(ctx, CONVERGE);
    assertThat(a.call(ctx, "len", "{}")).isEqualTo("20");
  }

  @Test
  void lateJoinerCatchesUpAndRemoteEventsReachSubscribersAndHandlers() {
    Cluster.Node a = cluster.add();
    ContextId ctx = a.contexts.create(a.app, "{}").contextId();
    for (int i = 0; i < 40; i++) {
      a.call(ctx, "set", "{\"key\":\"k" + i + "\",\"value\":\"v\"}");
    }
    Cluster.Node b = cluster.add();
    List<ContextEvent> seen = new CopyOnWriteArrayList<>();
    Cluster.join(b, a, ctx);
    b.contexts.subscribe(Set.of(ctx), seen::add);
    cluster.awaitConverged(ctx, CONVERGE);
    assertThat(b.call(ctx, "len", "{}")).isEqualTo("40");
    a.call(ctx, "announce", "{\"key\":\"hello\"}");
    await().atMost(CONVERGE).until(() -> "1".equals(b.call(ctx, "handled", "{}")));
    assertThat(seen)
        .anySatisfy(
            e ->
                assertThat(e.events())
                    .anySatisfy(ev -> assertThat(ev.kind()).isEqualTo("Announced")));
    cluster.awaitConverged(ctx, CONVERGE);
    assertThat(a.call(ctx, "get", "{\"key\":\"seen:hello\"}")).isEqualTo("\"1\"");
  }

  @Test
  void garbageOnTheTopicIsCountedAndIgnored() {
    Cluster.Node a = cluster.add();
    Cluster.Node b = cluster.add();
    ContextId ctx = a.contexts.create(a.app, "{}").contextId();
    Cluster.join(b, a, ctx);
    cluster.awaitConverged(ctx, CONVERGE);
    var root = b.contexts.replica(ctx).rootHash();
    a.transport.publish(
        dev.mero4j.replication.internal.SyncProtocol.topic(a.contexts.rendezvousSecret(ctx)),
        new byte[] {1, 9, 9, 9});
    byte[] forged =
        dev.mero4j.replication.internal.SyncCodec.encode(
            new dev.mero4j.replication.internal.SyncFrame.Delta(new byte[] {1, 2, 3}));
    a.transport.publish(
        dev.mero4j.replication.internal.SyncProtocol.topic(a.contexts.rendezvousSecret(ctx)),
        forged);
    await().atMost(CONVERGE).until(() -> b.replicator.rejectedCount() >= 2);
    assertThat(b.contexts.replica(ctx).rootHash()).isEqualTo(root);
    a.call(ctx, "set", "{\"key\":\"after\",\"value\":\"1\"}");
    cluster.awaitConverged(ctx, CONVERGE);
  }
}
