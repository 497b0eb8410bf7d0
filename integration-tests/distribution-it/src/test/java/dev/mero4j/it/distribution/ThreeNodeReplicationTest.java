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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
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

  /**
   * Polls (200 ms apart) of equal heads with different roots after which convergence has failed.
   */
  private static final int SAME_HEADS_POLLS = 5;

  @TempDir static Path dir;

  private final List<ReplicaNode> nodes = new ArrayList<>();

  /** One thread per node (the common pool has a single thread on two cores). */
  private final ExecutorService writers = Executors.newFixedThreadPool(3);

  private String kvStore;
  private String eventHandlers;

  @BeforeAll
  void startCluster() throws Exception {
    // node1 and node2 run in Felix like a default install, node3 on the plain class path: both
    // launchers of the distribution take part in the same cluster.
    nodes.add(ReplicaNode.init("node1", dir.resolve("node1"), "osgi"));
    nodes.add(ReplicaNode.init("node2", dir.resolve("node2"), "osgi"));
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
    writers.shutdownNow();
    nodes.forEach(ReplicaNode::close);
  }

  @Test
  void concurrentWritesOnAllThreeNodesConvergeToTheSameValuesAndRoot() throws Exception {
    String ctx = sharedContext(kvStore);
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<Void>> running = new ArrayList<>();
    for (ReplicaNode node : nodes) {
      running.add(
          CompletableFuture.runAsync(
              () -> {
                awaitQuietly(go);
                for (int i = 0; i < 30; i++) {
                  node.call(ctx, "set", kv(node.name + "-" + i, "v" + i));
                  node.call(ctx, "set", kv("shared", node.name + "-" + i));
                }
              },
              writers));
    }
    go.countDown();
    CompletableFuture.allOf(running.toArray(CompletableFuture[]::new))
        .get(CONVERGE.toSeconds(), TimeUnit.SECONDS);

    awaitConverged(ctx);
    JsonNode entries = nodes.get(0).call(ctx, "entries", "{}");
    assertThat(entries.size()).isEqualTo(91);
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
    String ctx = sharedContext(kvStore);
    ReplicaNode victim = nodes.get(1);
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicBoolean writing = new AtomicBoolean(true);
    CompletableFuture<Void> writer =
        CompletableFuture.runAsync(
            () -> {
              for (int i = 0; writing.get(); i++) {
                String key = "w" + i;
                try {
                  victim.call(ctx, "set", kv(key, "v" + i));
                } catch (IllegalStateException connectionLost) {
                  return;
                }
                acknowledged.add(key);
              }
            },
            writers);
    await().atMost(CONVERGE).until(() -> acknowledged.size() >= 150);
    victim.kill();
    writing.set(false);
    writer.get(30, TimeUnit.SECONDS);
    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(150);

    victim.start();
    victim.awaitReady();
    assertThat(keys(victim, ctx))
        .as("acknowledged writes on the restarted node")
        .containsAll(acknowledged);
    awaitConverged(ctx);
    for (ReplicaNode node : nodes) {
      assertThat(keys(node, ctx))
          .as("acknowledged writes on %s", node.name)
          .containsAll(acknowledged);
    }
  }

  @Test
  void aNodeStoppedWhileTheOthersTakeWritesCatchesUpAfterRestart() throws Exception {
    String ctx = sharedContext(kvStore);
    ReplicaNode offline = nodes.get(2);
    offline.stop();
    for (int i = 0; i < 100; i++) {
      nodes.get(i % 2).call(ctx, "set", kv("while-offline-" + i, Integer.toString(i)));
    }
    offline.start();
    offline.awaitReady();
    await("node3 catches up").atMost(CONVERGE).until(() -> keys(offline, ctx).size() == 100);
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
    awaitReceived(ctx, "handlers of apple on node2 and node3", 0, 1, 1);
    node2.call(ctx, "add_item", "{\"item\":\"pear\"}");
    awaitReceived(ctx, "handlers of pear on node1 and node3", 1, 1, 2);
    awaitConverged(ctx);
    // Each handler ran once per receiving node: nothing is replayed once the handler writes
    // converged.
    assertThat(nodes.stream().map(n -> received(n, ctx)).toList()).containsExactly(1L, 1L, 2L);
    for (ReplicaNode node : nodes) {
      assertThat(node.call(ctx, "items", "{}").toString()).contains("apple", "pear");
    }
  }

  @Test
  void theCreatorOfAContextItNeverWroteToReceivesThePeersWrites() throws Exception {
    String ctx = sharedContext(kvStore);
    nodes.get(1).call(ctx, "set", kv("from-node2", "1"));
    await("node1 receives")
        .atMost(CONVERGE)
        .until(() -> keys(nodes.get(0), ctx).contains("from-node2"));
    awaitConverged(ctx);
  }

  /** A context of {@code app} created on node1 and joined by node2 and node3. */
  private String sharedContext(String app) throws Exception {
    String ctx = nodes.get(0).createContext(app);
    for (ReplicaNode node : nodes.subList(1, 3)) {
      joinContext(node, ctx);
    }
    return ctx;
  }

  /**
   * The only place a node joins a context: node1 (the creator, an admin) issues a single-use
   * invitation through its admin API, and the joiner redeems it through its own.
   */
  private void joinContext(ReplicaNode node, String contextId) {
    String invitation = nodes.get(0).invite(contextId);
    assertThat(node.join(invitation)).isEqualTo(contextId);
    assertThat(node.hasContext(contextId)).as("%s joined %s", node.name, contextId).isTrue();
  }

  /**
   * Waits until every node reports the same root hash through the admin API. Nodes that agree on
   * the DAG heads hold the same deltas, so they must agree on the root: if they keep disagreeing
   * for a second, no sync will repair it and the wait fails at once.
   */
  private void awaitConverged(String ctx) {
    AtomicInteger sameHeadsOtherRoots = new AtomicInteger();
    try {
      await("same root on every node")
          .atMost(CONVERGE)
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                List<JsonNode> views = nodes.stream().map(n -> n.context(ctx)).toList();
                Set<String> roots =
                    views.stream()
                        .map(v -> v.path("rootHash").asText())
                        .collect(Collectors.toSet());
                Set<String> heads =
                    views.stream()
                        .map(v -> v.path("dagHeads").toString())
                        .collect(Collectors.toSet());
                if (roots.size() > 1
                    && heads.size() == 1
                    && sameHeadsOtherRoots.incrementAndGet() >= SAME_HEADS_POLLS) {
                  throw new AssertionError(
                      "same DAG heads but different roots: "
                          + nodes.stream().map(n -> n.name + " " + describe(n, ctx)).toList());
                }
                if (heads.size() > 1) {
                  sameHeadsOtherRoots.set(0);
                }
                return roots.size() == 1;
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "no convergence: " + nodes.stream().map(n -> n.name + " " + describe(n, ctx)).toList(),
          e);
    }
  }

  /** Root, heads and the keys or items a node holds, for failure messages. */
  private static String describe(ReplicaNode node, String ctx) {
    JsonNode context = node.context(ctx);
    String state;
    try {
      state = node.call(ctx, "entries", "{}").toString();
    } catch (IllegalStateException notKvStore) {
      state = node.call(ctx, "items", "{}") + " received " + node.call(ctx, "received", "{}");
    }
    return "root "
        + context.path("rootHash").asText()
        + " heads "
        + context.path("dagHeads")
        + " state "
        + state;
  }

  private static Set<String> keys(ReplicaNode node, String ctx) {
    Map<String, String> entries = new TreeMap<>();
    node.call(ctx, "entries", "{}")
        .fields()
        .forEachRemaining(e -> entries.put(e.getKey(), e.getValue().asText()));
    return entries.keySet();
  }

  private void awaitReceived(String ctx, String what, long... expected) {
    List<Long> want = java.util.Arrays.stream(expected).boxed().toList();
    try {
      await(what)
          .atMost(CONVERGE)
          .until(
              () -> {
                List<Long> counts = nodes.stream().map(n -> received(n, ctx)).toList();
                for (int i = 0; i < counts.size(); i++) {
                  // A handler that ran twice for one delta never comes back down: fail at once.
                  assertThat(counts.get(i))
                      .as("%s: handler runs on %s", what, nodes.get(i).name)
                      .isLessThanOrEqualTo(want.get(i));
                }
                return counts.equals(want);
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          what + ": " + nodes.stream().map(n -> n.name + " " + describe(n, ctx)).toList(), e);
    }
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
