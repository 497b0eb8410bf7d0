package dev.mero4j.bench.runtime;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.replication.ReplicationConfig;
import dev.mero4j.replication.Replicator;
import dev.mero4j.runtime.ApplicationManager;
import dev.mero4j.runtime.ContextManager;
import dev.mero4j.runtime.RuntimeLimits;
import dev.mero4j.runtime.api.EventSubscription;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Replication load on K contexts at once across three nodes on 127.0.0.1 (real libp2p, MapDB,
 * Chicory): one writer thread per context on A, B and C joined to every context.
 *
 * <pre>
 *   java -cp benchmarks.jar dev.mero4j.bench.runtime.MultiContextReplicationHarness [contexts] [latency writes] [throughput writes]
 * </pre>
 *
 * Latency: every writer waits until its write is applied on B and C before the next one (closed
 * loop, all contexts at once). Throughput: every writer commits as fast as it can (open loop), then
 * the time until B and C hold the same root as A in every context.
 */
public final class MultiContextReplicationHarness {
  private static final ChicoryWasmEngine ENGINE = new ChicoryWasmEngine();

  /**
   * Poll period of the convergence check; adds at most this much to a measured replication time.
   */
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private MultiContextReplicationHarness() {}

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
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int latencyWrites = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int throughputWrites = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
    Path dir = Files.createTempDirectory("mero4j-multi-bench");
    byte[] kv =
        Files.readAllBytes(
            Path.of(
                System.getProperty("mero4j.prebuilt", "app-templates/prebuilt"), "kv-store.wasm"));
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      nodes.add(node(dir.resolve("n" + i), kv, nodes));
    }
    Node a = nodes.get(0);
    List<ContextId> contexts = new ArrayList<>();
    for (int c = 0; c < count; c++) {
      ContextId ctx = a.contexts().create(a.app(), "{}").contextId();
      a.contexts().execute(ctx, "set", "{\"key\":\"created\",\"value\":\"A\"}", Optional.empty());
      for (Node n : nodes.subList(1, 3)) {
        n.replicator()
            .join(
                a.contexts()
                    .invite(
                        ctx,
                        dev.mero4j.runtime.api.MemberRole.MEMBER,
                        java.time.Duration.ofHours(1),
                        Optional.empty()));
      }
      contexts.add(ctx);
    }
    for (ContextId ctx : contexts) {
      awaitSameRoot(nodes, ctx, 120);
    }
    System.out.printf(
        "%d contexts on 3 nodes; load average %.2f%n",
        count,
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    ExecutorService writers = Executors.newFixedThreadPool(count);
    latency(nodes, contexts, latencyWrites, writers);
    throughput(nodes, contexts, throughputWrites, writers);
    writers.shutdownNow();
    nodes.forEach(Node::close);
    System.exit(0);
  }

  private static void latency(
      List<Node> nodes, List<ContextId> contexts, int writes, ExecutorService writers)
      throws Exception {
    List<Future<long[]>> results = new ArrayList<>();
    long start = System.nanoTime();
    for (ContextId ctx : contexts) {
      results.add(writers.submit(() -> closedLoop(nodes, ctx, writes)));
    }
    long[] all = new long[contexts.size() * writes];
    int n = 0;
    for (Future<long[]> result : results) {
      long[] micros = result.get();
      System.arraycopy(micros, 0, all, n, micros.length);
      n += micros.length;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Arrays.sort(all);
    System.out.printf(
        "latency write on A -> applied on B and C (%d contexts x %d writes, closed loop): p50 %.2f ms, p99 %.2f ms, max %.2f ms;"
            + " %.0f writes/s in total%n",
        contexts.size(),
        writes,
        all[all.length / 2] / 1000.0,
        all[(int) (all.length * 0.99)] / 1000.0,
        all[all.length - 1] / 1000.0,
        all.length / seconds);
  }

  /**
   * Writes one context on A, each write waiting until B and C applied it; returns the latencies in
   * µs.
   */
  private static long[] closedLoop(List<Node> nodes, ContextId ctx, int writes)
      throws InterruptedException {
    AtomicReference<CountDownLatch> seen = new AtomicReference<>(new CountDownLatch(0));
    List<EventSubscription> subs =
        nodes.subList(1, 3).stream()
            .map(n -> n.contexts().subscribe(Set.of(ctx), e -> seen.get().countDown()))
            .toList();
    long[] micros = new long[writes];
    for (int i = 0; i < writes; i++) {
      CountDownLatch latch = new CountDownLatch(2);
      seen.set(latch);
      long start = System.nanoTime();
      nodes
          .get(0)
          .contexts()
          .execute(
              ctx,
              "set",
              "{\"key\":\"lat" + (i % 100) + "\",\"value\":\"" + i + "\"}",
              Optional.empty());
      if (!latch.await(10, TimeUnit.SECONDS)) {
        System.out.println("a write to " + ctx + " did not reach both peers within 10 s");
      }
      micros[i] = (System.nanoTime() - start) / 1000;
    }
    subs.forEach(EventSubscription::close);
    return micros;
  }

  private static void throughput(
      List<Node> nodes, List<ContextId> contexts, int writes, ExecutorService writers)
      throws Exception {
    List<Future<?>> done = new ArrayList<>();
    long start = System.nanoTime();
    for (ContextId ctx : contexts) {
      done.add(
          writers.submit(
              () -> {
                for (int i = 0; i < writes; i++) {
                  nodes
                      .get(0)
                      .contexts()
                      .execute(
                          ctx,
                          "set",
                          "{\"key\":\"tp" + (i % 1000) + "\",\"value\":\"" + i + "\"}",
                          Optional.empty());
                }
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    long committed = System.nanoTime();
    for (ContextId ctx : contexts) {
      awaitSameRoot(nodes, ctx, 600);
    }
    long replicated = System.nanoTime();
    int total = writes * contexts.size();
    double commitSeconds = (committed - start) / 1e9;
    double replicateSeconds = (replicated - start) / 1e9;
    System.out.printf(
        "throughput (%d contexts x %d writes): A committed %.0f/s in total; replicated to B and C at %.0f deltas/s in total,"
            + " %.0f deltas/s per context%n",
        contexts.size(),
        writes,
        total / commitSeconds,
        total / replicateSeconds,
        writes / replicateSeconds);
  }

  private static void awaitSameRoot(List<Node> nodes, ContextId ctx, int seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      Object root = nodes.get(0).contexts().replica(ctx).rootHash();
      boolean same = true;
      for (Node n : nodes.subList(1, 3)) {
        same &= n.contexts().get(ctx).map(c -> c.rootHash().equals(root)).orElse(false);
      }
      if (same) {
        return;
      }
      // Parked, not spinning: a spinning poller would take one of the cores the nodes need.
      LockSupport.parkNanos(POLL_NANOS);
    }
    throw new IllegalStateException(
        "nodes did not converge on " + ctx + " within " + seconds + " s");
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
