package dev.mero4j.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.storage.api.KeyValueCursor;
import dev.mero4j.storage.api.WriteBatch;
import dev.mero4j.transport.loopback.LoopbackNetwork;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batched catch-up from heads and snapshot transfer, on the in-JVM loopback network. */
class CatchUpAndSnapshotTest {
  private static final Duration CONVERGE = Duration.ofSeconds(90);

  @TempDir Path dir;

  private LoopbackNetwork network;
  private Cluster cluster;

  @BeforeEach
  void start() {
    cluster = Cluster.onLoopback(dir, 17);
    network = cluster.network();
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void nodeOfflineDuringTenThousandWritesCatchesUpFromItsHeads() {
    Cluster.Node a = cluster.add();
    Cluster.Node b = cluster.add();
    ContextId ctx = a.contexts.create(a.app, "{}").contextId();
    Cluster.join(b, a, ctx);
    cluster.awaitConverged(ctx, CONVERGE);
    network.partition(Set.of(a.transport.localPeer().id()), Set.of(b.transport.localPeer().id()));
    for (int i = 0; i < 10_000; i++) {
      a.call(ctx, "set", "{\"key\":\"k" + (i % 2000) + "\",\"value\":\"" + i + "\"}");
    }
    List<DeltaId> heads = a.contexts.replica(ctx).heads();
    assertThat(b.contexts.replica(ctx).contains(heads.get(0))).isFalse();
    network.heal();
    cluster.awaitConverged(ctx, CONVERGE);
    assertThat(b.call(ctx, "get", "{\"key\":\"k1999\"}")).isEqualTo("\"9999\"");
    // Served as deltas, not as a snapshot: b holds the envelopes and can serve them in turn.
    assertThat(b.contexts.replica(ctx).envelope(heads.get(0))).isPresent();
    assertThat(b.replicator.status(ctx).snapshot()).isEmpty();
  }

  @Test
  void lateJoinerWhosePeersPrunedHistoryGetsASnapshotThenLiveDeltas() {
    Cluster.Node a = cluster.add();
    ContextId ctx = a.contexts.create(a.app, "{}").contextId();
    for (int i = 0; i < 300; i++) {
      a.call(ctx, "set", "{\"key\":\"k" + i + "\",\"value\":\"v" + i + "\"}");
    }
    DeltaId old = a.contexts.replica(ctx).heads().get(0);
    pruneEnvelopes(a, ctx);
    Cluster.Node b = cluster.add();
    Cluster.join(b, a, ctx);
    cluster.awaitConverged(ctx, CONVERGE);
    assertThat(b.contexts.replica(ctx).rootHash()).isEqualTo(a.contexts.replica(ctx).rootHash());
    assertThat(b.call(ctx, "len", "{}")).isEqualTo("300");
    assertThat(b.contexts.replica(ctx).contains(old)).isTrue();
    assertThat(b.contexts.replica(ctx).envelope(old)).isEmpty();

    a.call(ctx, "set", "{\"key\":\"live\",\"value\":\"from a\"}");
    await()
        .atMost(CONVERGE)
        .until(() -> "\"from a\"".equals(b.call(ctx, "get", "{\"key\":\"live\"}")));
    b.call(ctx, "set", "{\"key\":\"back\",\"value\":\"from b\"}");
    await()
        .atMost(CONVERGE)
        .until(() -> "\"from b\"".equals(a.call(ctx, "get", "{\"key\":\"back\"}")));
    cluster.awaitConverged(ctx, CONVERGE);
    await().atMost(CONVERGE).until(() -> b.replicator.status(ctx).synced());
  }

  @Test
  void aThirdNodeJoiningFromASnapshotHolderAlsoGetsASnapshot() {
    Cluster.Node a = cluster.add();
    ContextId ctx = a.contexts.create(a.app, "{}").contextId();
    for (int i = 0; i < 50; i++) {
      a.call(ctx, "set", "{\"key\":\"k" + i + "\",\"value\":\"v\"}");
    }
    pruneEnvelopes(a, ctx);
    Cluster.Node b = cluster.add();
    Cluster.join(b, a, ctx);
    cluster.awaitConverged(ctx, CONVERGE);
    Cluster.Node c = cluster.add();
    network.partition(
        Set.of(a.transport.localPeer().id()),
        Set.of(b.transport.localPeer().id(), c.transport.localPeer().id()));
    Cluster.join(c, a, ctx);
    await()
        .atMost(CONVERGE)
        .until(() -> c.contexts.replica(ctx).rootHash().equals(b.contexts.replica(ctx).rootHash()));
    assertThat(c.call(ctx, "len", "{}")).isEqualTo("50");
  }

  /**
   * What a runtime that prunes its history leaves: the DAG knows the deltas, no envelope is held.
   */
  private static void pruneEnvelopes(Cluster.Node node, ContextId ctx) {
    WriteBatch batch = new WriteBatch();
    try (KeyValueCursor cursor = node.storage.keyspace("ctx-envelopes").prefix(ctx.toBytes())) {
      cursor.forEachRemaining(kv -> batch.delete("ctx-envelopes", kv.key()));
    }
    node.storage.write(batch);
  }
}
