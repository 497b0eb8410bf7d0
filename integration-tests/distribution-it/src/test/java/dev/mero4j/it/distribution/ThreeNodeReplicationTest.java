package dev.mero4j.it.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code bin/mero4j run} processes on 127.0.0.1 over real libp2p, sharing contexts: writes
 * converge, a {@code kill -9} loses no acknowledged write, a stopped node catches up, and event
 * handlers run on the receiving nodes only. One cluster serves every test; each test uses its own
 * context, and a node a test stopped is restarted before the next one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThreeNodeReplicationTest {
  /** Time allowed for the nodes to agree; gossip takes milliseconds, a periodic sync 10 s. */
  private static final Duration CONVERGE = Duration.ofSeconds(60);

  @TempDir static Path dir;

  private final List<ReplicaNode> nodes = new ArrayList<>();
  private String kvStore;
  private String eventHandlers;

  @BeforeAll
  void startCluster() throws Exception {
    // node1 runs in Felix like a default install; node2 and node3 run on the plain class path, whose
    // console attach socket joinContext uses until joining goes through invitations.
    nodes.add(ReplicaNode.init("node1", dir.resolve("node1"), "osgi"));
    nodes.add(ReplicaNode.init("node2", dir.resolve("node2"), "plain"));
    nodes.add(ReplicaNode.init("node3", dir.resolve("node3"), "plain"));
    ReplicaNode first = nodes.get(0);
    first.start();
    first.awaitReady();
    for (ReplicaNode node : nodes.subList(1, 3)) {
      node.bootstrap(List.of(first));
      node.start();
    }
    nodes.subList(1, 3).forEach(ReplicaNode::awaitReady);
    for (ReplicaNode node : nodes) {
      // Every peer is known now: a restarted node dials all the others.
      node.bootstrap(nodes.stream().filter(n -> n != node).toList());
      kvStore = node.install(NodeProcess.DIST.resolve("apps/kv-store.wasm"));
      eventHandlers = node.install(NodeProcess.DIST.resolve("apps/event-handlers.wasm"));
    }
  }

  @BeforeEach
  void everyNodeRuns() throws Exception {
    for (ReplicaNode node : nodes) {
      if (!node.running()) {
        node.start();
        node.awaitReady();
      }
    }
  }

  @AfterAll
  void stopCluster() {
    nodes.forEach(ReplicaNode::close);
  }

  @Test
  void concurrentWritesOnAllThreeNodesConvergeToTheSameValuesAndRoot() throws Exception {
    String ctx = kvContext();
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<Void>> writers = new ArrayList<>();
    for (ReplicaNode node : nodes) {
      writers.add(CompletableFuture.runAsync(() -> {
        awaitQuietly(go);
        for (int i = 0; i < 30; i++) {
          node.call(ctx, "set", kv(node.name + "-" + i, "v" + i));
          node.call(ctx, "set", kv("shared", node.name + "-" + i));
        }
      }));
    }
    go.countDown();
    CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(CONVERGE.toSeconds(), TimeUnit.SECONDS);

    awaitConverged(ctx);
    JsonNode entries = nodes.get(0).call(ctx, "entries", "{}");
    assertThat(entries.size()).isEqualTo(92);
    for (ReplicaNode node : nodes.subList(1, 3)) {
      assertThat(node.call(ctx, "entries", "{}")).as("entries on %s", node.name).isEqualTo(entries);
    }
    for (ReplicaNode node : nodes) {
      assertThat(entries.path(node.name + "-29").asText()).isEqualTo("v29");
    }
    assertThat(entries.path("shared").asText()).matches("node[123]-29");
  }

  @Test
  void kill9DuringAStreamOfWritesLosesNoAcknowledgedWrite() throws Exception {
    String ctx = kvContext();
    ReplicaNode victim = nodes.get(1);
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicBoolean writing = new AtomicBoolean(true);
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      for (int i = 0; writing.get(); i++) {
        String key = "w" + i;
        try {
          victim.call(ctx, "set", kv(key, "v" + i));
        } catch (IllegalStateException connectionLost) {
          return;
        }
        acknowledged.add(key);
      }
    });
    await().atMost(CONVERGE).until(() -> acknowledged.size() >= 150);
    victim.kill();
    writing.set(false);
    writer.get(30, TimeUnit.SECONDS);
    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(150);

    victim.start();
    victim.awaitReady();
    assertThat(keys(victim, ctx)).as("acknowledged writes on the restarted node").containsAll(acknowledged);
    awaitConverged(ctx);
    for (ReplicaNode node : nodes) {
      assertThat(keys(node, ctx)).as("acknowledged writes on %s", node.name).containsAll(acknowledged);
    }
  }

  @Test
  void aNodeStoppedWhileTheOthersTakeWritesCatchesUpAfterRestart() throws Exception {
    String ctx = kvContext();
    ReplicaNode offline = nodes.get(2);
    offline.stop();
    for (int i = 0; i < 100; i++) {
      nodes.get(i % 2).call(ctx, "set", kv("while-offline-" + i, Integer.toString(i)));
    }
    offline.start();
    offline.awaitReady();
    await("node3 catches up").atMost(CONVERGE).until(() -> keys(offline, ctx).size() == 101);
    awaitConverged(ctx);
    assertThat(offline.call(ctx, "get", "{\"key\":\"while-offline-99\"}").asText()).isEqualTo("99");
  }

  @Test
  void eventHandlersRunOnTheReceivingNodesAndNotOnTheEmitter() throws Exception {
    String ctx = sharedContext(eventHandlers);
    ReplicaNode node1 = nodes.get(0);
    ReplicaNode node2 = nodes.get(1);
    ReplicaNode node3 = nodes.get(2);
    node1.call(ctx, "add_item", "{\"item\":\"apple\"}");
    await("handlers on node2 and node3").atMost(CONVERGE)
        .until(() -> received(node2, ctx) == 1 && received(node3, ctx) == 1);
    node2.call(ctx, "add_item", "{\"item\":\"pear\"}");
    await("handlers on node1 and node3").atMost(CONVERGE)
        .until(() -> received(node1, ctx) == 1 && received(node3, ctx) == 2);
    awaitConverged(ctx);
    // Each handler ran once per receiving node: nothing is replayed once the handler writes converged.
    assertThat(nodes.stream().map(n -> received(n, ctx)).toList()).containsExactly(1L, 1L, 2L);
    for (ReplicaNode node : nodes) {
      assertThat(node.call(ctx, "items", "{}").toString()).contains("apple", "pear");
    }
  }

  @Test
  @Disabled("replication bug: a context created after start whose init commits no delta is not subscribed to by its "
      + "creator until the creator writes; Replicator tracks contexts only at start, on join, sync and local commit")
  void theCreatorOfAContextItNeverWroteToReceivesThePeersWrites() throws Exception {
    String ctx = sharedContext(kvStore);
    nodes.get(1).call(ctx, "set", kv("from-node2", "1"));
    await("node1 receives").atMost(CONVERGE).until(() -> keys(nodes.get(0), ctx).contains("from-node2"));
    awaitConverged(ctx);
  }

  /**
   * A kv-store context shared by the three nodes, with one write by node1 first: see {@link
   * #theCreatorOfAContextItNeverWroteToReceivesThePeersWrites} for why.
   */
  private String kvContext() throws Exception {
    String ctx = sharedContext(kvStore);
    nodes.get(0).call(ctx, "set", kv("created-on", "node1"));
    return ctx;
  }

  /** A context of {@code app} created on node1 and joined by node2 and node3. */
  private String sharedContext(String app) throws Exception {
    String ctx = nodes.get(0).createContext(app);
    for (ReplicaNode node : nodes.subList(1, 3)) {
      joinContext(node, ctx, app);
    }
    return ctx;
  }

  /**
   * The only place a node joins a context. Today a node joins a context by id through the
   * replicator, reached with the operator console; this becomes {@code context invite} on node1
   * and {@code context join INVITATION} here once invitations replace joining by id.
   */
  private static void joinContext(ReplicaNode node, String contextId, String applicationId) throws Exception {
    node.console("node.@node.@node.replicator().get().join(ContextId.fromBase58('" + contextId
        + "'), ApplicationId.fromBase58('" + applicationId + "'))");
    assertThat(node.hasContext(contextId)).as("%s joined %s", node.name, contextId).isTrue();
  }

  /** Waits until every node reports the same root hash through the admin API. */
  private void awaitConverged(String ctx) {
    try {
      await("same root on every node").atMost(CONVERGE).pollInterval(Duration.ofMillis(200)).until(() -> {
        Set<String> roots = nodes.stream().map(n -> n.rootHash(ctx)).collect(Collectors.toSet());
        return roots.size() == 1;
      });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("no convergence: " + nodes.stream().map(n -> n.name + " " + n.context(ctx)).toList(), e);
    }
  }

  private static Set<String> keys(ReplicaNode node, String ctx) {
    Map<String, String> entries = new TreeMap<>();
    node.call(ctx, "entries", "{}").fields().forEachRemaining(e -> entries.put(e.getKey(), e.getValue().asText()));
    return entries.keySet();
  }

  private static long received(ReplicaNode node, String ctx) {
    return node.call(ctx, "received", "{}").asLong();
  }

  private static String kv(String key, String value) {
    return "{\"key\":\"" + key + "\",\"value\":\"" + value + "\"}";
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
