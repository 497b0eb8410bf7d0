package dev.mero4j.bench.runtime;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.replication.ReplicationConfig;
import dev.mero4j.replication.Replicator;
import dev.mero4j.replication.SyncStatus;
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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Catch-up of a node that missed N deltas: three nodes on 127.0.0.1 over real libp2p with MapDB and
 * Chicory; C stops, A writes N deltas (B follows live), C restarts from its storage and the clock
 * runs until C's root equals A's.
 *
 * <pre>
 *   java -cp benchmarks.jar dev.mero4j.bench.runtime.CatchUpHarness [N] [auto|deltas] [distinct keys] [snapshotAfter]
 * </pre>
 *
 * {@code auto} lets the responder pick (a snapshot beyond {@link ReplicationConfig#SNAPSHOT_AFTER}
 * missing deltas); {@code deltas} forces the batched delta path whatever N.
 */
public final class CatchUpHarness {
  private static final ChicoryWasmEngine ENGINE = new ChicoryWasmEngine();

  private CatchUpHarness() {}

  /** One node of the harness. */
  private record Node(
      Path dir,
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
    int missed = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    boolean forceDeltas = args.length > 1 && args[1].equals("deltas");
    int keys = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
    int snapshotAfter =
        args.length > 3 ? Integer.parseInt(args[3]) : ReplicationConfig.SNAPSHOT_AFTER;
    ReplicationConfig config =
        ReplicationConfig.DEFAULTS.withSnapshotAfter(
            forceDeltas ? Integer.MAX_VALUE : snapshotAfter);
    Path dir = Files.createTempDirectory("mero4j-catchup-bench");
    byte[] kv =
        Files.readAllBytes(
            Path.of(
                System.getProperty("mero4j.prebuilt", "app-templates/prebuilt"), "kv-store.wasm"));
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      nodes.add(node(dir.resolve("n" + i), kv, nodes, config));
    }
    Node a = nodes.get(0);
    ContextId ctx = a.contexts().create(a.app(), "{}").contextId();
    for (Node n : nodes.subList(1, 3)) {
      n.replicator()
          .join(a.contexts().invite(ctx, MemberRole.MEMBER, Duration.ofHours(1), Optional.empty()));
    }
    awaitSameRoot(nodes, ctx, 60);
    Node c = nodes.remove(2);
    c.close();
    long writeStart = System.nanoTime();
    for (int i = 0; i < missed; i++) {
      a.contexts()
          .execute(
              ctx,
              "set",
              "{\"key\":\"k" + (i % keys) + "\",\"value\":\"" + i + "\"}",
              Optional.empty());
    }
    double writeSeconds = (System.nanoTime() - writeStart) / 1e9;
    awaitSameRoot(nodes, ctx, 600);
    System.out.printf(
        "A committed %d deltas in %.1f s (%.0f/s); B followed live%n",
        missed, writeSeconds, missed / writeSeconds);

    long start = System.nanoTime();
    Node back = node(c.dir(), kv, nodes, config);
    nodes.add(back);
    long peakSnapshot = 0;
    long snapshotStart = 0;
    long snapshotEnd = 0;
    Hash target = a.contexts().replica(ctx).rootHash();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(900);
    while (!back.contexts().replica(ctx).rootHash().equals(target)
        || back.contexts().replica(ctx).pendingCount() > 0) {
      SyncStatus status = back.replicator().status(ctx);
      peakSnapshot =
          Math.max(
              peakSnapshot,
              status.snapshot().map(SyncStatus.SnapshotProgress::totalBytes).orElse(0L));
      if (status.snapshot().isPresent() && snapshotStart == 0) {
        snapshotStart = System.nanoTime();
      } else if (status.snapshot().isEmpty() && snapshotStart != 0 && snapshotEnd == 0) {
        snapshotEnd = System.nanoTime();
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("C did not catch up within 900 s: " + status);
      }
      Thread.sleep(1);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    boolean bySnapshot =
        peakSnapshot > 0
            || back.contexts()
                .replica(ctx)
                .envelope(back.contexts().replica(ctx).heads().get(0))
                .isEmpty();
    System.out.printf(
        "catch-up: C missed %d deltas (%d distinct keys) and caught up in %.2f s, restart included (%s%s)%n",
        missed,
        keys,
        seconds,
        bySnapshot ? "snapshot" : "batched deltas since heads",
        peakSnapshot > 0
            ? String.format(
                ", image %.1f MB; first page after %.2f s, installed after %.2f s",
                peakSnapshot / 1e6,
                (snapshotStart - start) / 1e9,
                ((snapshotEnd == 0 ? System.nanoTime() : snapshotEnd) - start) / 1e9)
            : "");
    nodes.forEach(Node::close);
    System.exit(0);
  }

  private static void awaitSameRoot(List<Node> nodes, ContextId ctx, int seconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      Hash root = nodes.get(0).contexts().replica(ctx).rootHash();
      if (nodes.stream().allMatch(n -> n.contexts().replica(ctx).rootHash().equals(root))) {
        return;
      }
      Thread.sleep(5);
    }
    throw new IllegalStateException("nodes did not converge within " + seconds + " s");
  }

  private static Node node(Path dir, byte[] kv, List<Node> peers, ReplicationConfig config) {
    StorageEngine storage = new MapDbStorageProvider().open(StorageConfig.at(dir));
    ApplicationManager apps = new ApplicationManager(storage, ENGINE, RuntimeLimits.DEFAULT);
    ApplicationId app = apps.install(kv, "bench").id();
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
    // Replication starts before the dials, as on a node: each new connection triggers a pull.
    Replicator replicator = new Replicator(transport, contexts, config, Clock.systemUTC());
    replicator.start();
    for (Node p : peers) {
      var info = p.transport().localPeer();
      transport
          .dial(info.listenAddresses().get(0) + "/p2p/" + info.id())
          .toCompletableFuture()
          .join();
    }
    return new Node(dir, storage, contexts, transport, replicator, app);
  }
}
