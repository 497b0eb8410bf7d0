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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * Join by invitation on 127.0.0.1 with real libp2p, MapDB and Chicory: each round a fresh node that
 * knows nobody and has no application joins with the invitation text alone (dial the inviter, fetch
 * kv-store over {@code /mero4j/app/1}, admission), then reads the inviter's write.
 *
 * <pre>
 *   java -cp benchmarks.jar dev.mero4j.bench.runtime.JoinHarness [joins=20] [warm-up=3]
 * </pre>
 */
public final class JoinHarness {
  private static final ChicoryWasmEngine ENGINE = new ChicoryWasmEngine();
  private static final Libp2pTransportProvider LIBP2P = new Libp2pTransportProvider();

  private JoinHarness() {}

  /** One node: storage, runtime, libp2p on 127.0.0.1, replication. */
  private record Node(
      StorageEngine storage,
      ApplicationManager apps,
      ContextManager contexts,
      Transport transport,
      Replicator replicator) {
    static Node start(Path dir) {
      StorageEngine storage = new MapDbStorageProvider().open(StorageConfig.at(dir));
      ApplicationManager apps = new ApplicationManager(storage, ENGINE, RuntimeLimits.DEFAULT);
      ContextManager contexts =
          new ContextManager(
              storage, apps, RuntimeLimits.DEFAULT, Clock.systemUTC(), new SecureRandom());
      byte[] seed = new byte[32];
      new SecureRandom().nextBytes(seed);
      Transport transport =
          LIBP2P.start(
              new TransportConfig(
                  KeyPair.fromSeed(seed), List.of("/ip4/127.0.0.1/tcp/0"), List.of()));
      Replicator replicator =
          new Replicator(transport, contexts, ReplicationConfig.DEFAULTS, Clock.systemUTC());
      replicator.start();
      return new Node(storage, apps, contexts, transport, replicator);
    }

    void close() {
      replicator.close();
      transport.close();
      storage.close();
    }
  }

  public static void main(String[] args) throws Exception {
    int joins = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path dir = Files.createTempDirectory("mero4j-join-bench");
    byte[] kvStore =
        Files.readAllBytes(
            Path.of(
                System.getProperty("mero4j.prebuilt", "app-templates/prebuilt"), "kv-store.wasm"));
    Node inviter = Node.start(dir.resolve("inviter"));
    ApplicationId app = inviter.apps().install(kvStore, "bench").id();
    ContextId ctx = inviter.contexts().create(app, "{}").contextId();
    inviter.contexts().execute(ctx, "set", "{\"key\":\"k\",\"value\":\"v\"}", Optional.empty());
    List<Double> joined = new ArrayList<>();
    List<Double> read = new ArrayList<>();
    for (int i = 0; i < warmUp + joins; i++) {
      String text =
          inviter.contexts().invite(ctx, MemberRole.MEMBER, Duration.ofHours(1), Optional.empty());
      Node stranger = Node.start(dir.resolve("joiner" + i));
      try {
        long start = System.nanoTime();
        stranger.replicator().join(text);
        long admitted = System.nanoTime();
        while (!"\"v\"".equals(get(stranger, ctx))) {
          // Polls without taking a core from the replication threads.
          LockSupport.parkNanos(200_000);
        }
        long done = System.nanoTime();
        if (i >= warmUp) {
          joined.add((admitted - start) / 1e6);
          read.add((done - start) / 1e6);
        }
      } finally {
        stranger.close();
      }
    }
    inviter.close();
    System.out.printf(
        "join by invitation, kv-store %d bytes fetched, %d joins after %d warm-up%n",
        kvStore.length, joins, warmUp);
    System.out.println("  join (dial + app fetch + admission) ms: " + summary(joined));
    System.out.println("  join to first read of the inviter's write ms: " + summary(read));
  }

  private static String get(Node node, ContextId ctx) {
    return node.contexts().execute(ctx, "get", "{\"key\":\"k\"}", Optional.empty()).outputJson();
  }

  private static String summary(List<Double> samples) {
    List<Double> sorted = new ArrayList<>(samples);
    sorted.sort(Double::compare);
    return String.format(
        "p50 %.1f  p90 %.1f  min %.1f  max %.1f",
        sorted.get(sorted.size() / 2),
        sorted.get((int) Math.min(sorted.size() - 1, Math.round(sorted.size() * 0.9))),
        sorted.get(0),
        sorted.get(sorted.size() - 1));
  }
}
