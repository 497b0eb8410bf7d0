package dev.mero4j.bench.runtime;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.replication.ReplicationConfig;
import dev.mero4j.replication.Replicator;
import dev.mero4j.runtime.ApplicationManager;
import dev.mero4j.runtime.ContextManager;
import dev.mero4j.runtime.RuntimeLimits;
import dev.mero4j.runtime.api.MemberRole;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import dev.mero4j.transport.api.Transport;
import dev.mero4j.transport.api.TransportConfig;
import dev.mero4j.transport.libp2p.Libp2pTransportProvider;
import dev.mero4j.wasm.chicory.ChicoryWasmEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Load harness for replication across three nodes on 127.0.0.1 with real libp2p, MapDB and Chicory
 * (not JMH: it measures end-to-end latency distributions across nodes).
 *
 * <pre>
 *   java -cp benchmarks.jar dev.mero4j.bench.runtime.ReplicationHarness [writes] [catch-up writes]
 *       [writers]
 * </pre>
 *
 * The throughput phase has {@code writers} threads (default 1) write on A at once: several writers
 * on one context are what its group commit batches.
 */
public final class ReplicationHarness {
  private static final ChicoryWasmEngine ENGINE = new ChicoryWasmEngine();

  private ReplicationHarness() {}

  /** One node of the harness. */
  private record Node(
      StorageEngine storage,
      ContextManager contexts,
      Transport transport,
      Replicator replicator,
      ApplicationId app) {
    void close() {
      replicator.close();
      transport.close();
      storage.close();
    }
  }

  public static void main(String[] args) throws Exception {
    int writes = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    int catchUp = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int writers = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    Path dir = Files.createTempDirectory("mero4j-repl-bench");
    byte[] kv =
        Files.readAllBytes(
            Path.of(
                System.getProperty("mero4j.prebuilt", "app-templates/prebuilt"), "kv-store.wasm"));
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      nodes.add(node(dir.resolve("n" + i), kv, nodes));
    }
    Node a = nodes.get(0);
    ContextId ctx = a.contexts().create(a.app(), "{}").contextId();
    for (Node n : nodes.subList(1, 3)) {
      n.replicator().join(invite(a, ctx));
    }
    latency(nodes, ctx, writes);
    throughput(nodes, ctx, writes * 4, writers);
    catchUp(nodes, ctx, dir, kv, catchUp);
    nodes.forEach(Node::close);
    System.exit(0);
  }

  private static void latency(List<Node> nodes, ContextId ctx, int writes)
      throws InterruptedException {
    long[] micros = new long[writes];
    for (int i = 0; i < writes; i++) {
      CountDownLatch seen = new CountDownLatch(2);
      var subs =
          nodes.subList(1, 3).stream()
              .map(n -> n.contexts().subscribe(Set.of(ctx), e -> seen.countDown()))
              .toList();
      long start = System.nanoTime();
      nodes
          .get(0)
          .contexts()
          .execute(
              ctx,
              "set",
              "{\"key\":\"lat" + (i % 100) + "\",\"value\":\"" + i + "\"}",
              Optional.empty());
      if (!seen.await(10, TimeUnit.SECONDS)) {
        System.out.println("write " + i + " did not reach both peers within 10 s");
      }
      micros[i] = (System.nanoTime() - start) / 1000;
      subs.forEach(s -> s.close());
    }
    Arrays.sort(micros);
    System.out.printf(
        "latency write on A -> applied on B and C (%d writes): p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
        writes,
        micros[writes / 2] / 1000.0,
        micros[(int) (writes * 0.99)] / 1000.0,
        micros[writes - 1] / 1000.0);
  }

  private static void throughput(List<Node> nodes, ContextId ctx, int writes, int writers)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<Future<?>> running = new ArrayList<>();
    long start = System.nanoTime();
    for (int w = 0; w < writers; w++) {
      int writer = w;
      running.add(
          pool.submit(
              () -> {
                for (int i = writer; i < writes; i += writers) {
                  nodes
                      .get(0)
                      .contexts()
                      .execute(
                          ctx,
                          "set",
                          "{\"key\":\"tp" + (i % 1000) + "\",\"value\":\"" + i + "\"}",
                          Optional.empty());
                }
                return null;
              }));
    }
    for (Future<?> writer : running) {
      writer.get();
    }
    pool.shutdown();
    long committed = System.nanoTime();
    awaitSameRoot(nodes, ctx, 120);
    long replicated = System.nanoTime();
    System.out.printf(
        "throughput (%d writers): %d writes committed on A at %.0f/s; replicated to B and C at"
            + " %.0f deltas/s%n",
        writers,
        writes,
        writes / ((committed - start) / 1e9),
        writes / ((replicated - start) / 1e9));
  }

  /** A single-use member invitation to {@code ctx} issued by its creator {@code admin}. */
  private static String invite(Node admin, ContextId ctx) {
    return admin.contexts().invite(ctx, MemberRole.MEMBER, Duration.ofHours(1), Optional.empty());
  }

  private static void catchUp(List<Node> nodes, ContextId ctx, Path dir, byte[] kv, int writes)
      throws Exception {
    for (int i = 0; i < writes; i++) {
      nodes
          .get(0)
          .contexts()
          .execute(
              ctx,
              "set",
              "{\"key\":\"cu" + (i % 5000) + "\",\"value\":\"" + i + "\"}",
              Optional.empty());
    }
    awaitSameRoot(nodes, ctx, 300);
    long start = System.nanoTime();
    Node late = node(dir.resolve("late"), kv, nodes);
    late.replicator().join(invite(nodes.get(0), ctx));
    List<Node> all = new ArrayList<>(nodes);
    all.add(late);
    awaitSameRoot(all, ctx, 600);
    System.out.printf(
        "catch-up: a new node fetched a context of %d+ deltas in %.2f s%n",
        writes, (System.nanoTime() - start) / 1e9);
    late.close();
  }

  private static void awaitSameRoot(List<Node> nodes, ContextId ctx, int seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      Set<Object> roots = ConcurrentHashMap.newKeySet();
      for (Node n : nodes) {
        roots.add(n.contexts().get(ctx).map(c -> (Object) c.rootHash()).orElse("absent"));
      }
      if (roots.size() == 1) {
        return;
      }
      Thread.onSpinWait();
    }
    throw new IllegalStateException("nodes did not converge within " + seconds + " s");
  }

  private static Node node(Path dir, byte[] kv, List<Node> peers) {
    StorageEngine storage = new MapDbStorageProvider().open(StorageConfig.at(dir));
    ApplicationManager apps = new ApplicationManager(storage, ENGINE, RuntimeLimits.DEFAULT);
    ContextManager contexts =
        new ContextManager(
            storage, apps, RuntimeLimits.DEFAULT, Clock.systemUTC(), new SecureRandom());
    byte[] seed = new byte[32];
    new SecureRandom().nextBytes(seed);
    Transport transport =
        new Libp2pTransportProvider()
            .start(
                new TransportConfig(
                    KeyPair.fromSeed(seed), List.of("/ip4/127.0.0.1/tcp/0"), List.of()));
    for (Node p : peers) {
      var info = p.transport().localPeer();
      transport
          .dial(info.listenAddresses().get(0) + "/p2p/" + info.id())
          .toCompletableFuture()
          .join();
    }
    Replicator replicator =
        new Replicator(transport, contexts, ReplicationConfig.DEFAULTS, Clock.systemUTC());
    replicator.start();
    return new Node(storage, contexts, transport, replicator, apps.install(kv, "bench").id());
  }
}
