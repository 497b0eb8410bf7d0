package dev.mero4j.replication;

import static org.awaitility.Awaitility.await;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.replication.internal.SyncFrame;
import dev.mero4j.runtime.ApplicationManager;
import dev.mero4j.runtime.ContextManager;
import dev.mero4j.runtime.RuntimeLimits;
import dev.mero4j.runtime.api.CreatedContext;
import dev.mero4j.runtime.api.MemberRole;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.api.StorageProvider;
import dev.mero4j.storage.memory.MemoryStorageProvider;
import dev.mero4j.testdata.TestWasm;
import dev.mero4j.transport.api.Transport;
import dev.mero4j.transport.api.TransportConfig;
import dev.mero4j.transport.api.TransportProvider;
import dev.mero4j.transport.loopback.LoopbackNetwork;
import dev.mero4j.transport.loopback.LoopbackTransportProvider;
import dev.mero4j.wasm.api.WasmEngine;
import dev.mero4j.wasm.chicory.ChicoryWasmEngine;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** Test harness: N nodes (storage, runtime, transport, replicator) on one transport provider. */
final class Cluster implements AutoCloseable {
  static final WasmEngine ENGINE = new ChicoryWasmEngine();
  static final ReplicationConfig FAST =
      new ReplicationConfig(
          Duration.ofMillis(400), Duration.ofMillis(200), Duration.ofSeconds(5), 200, 200);
  static final byte[] PROBE = probe();

  final List<Node> nodes = new ArrayList<>();
  private final TransportProvider transports;
  private final StorageProvider storage;
  private final Path dir;
  private final String listen;
  private final LoopbackNetwork network;
  private final ReplicationConfig config;

  Cluster(TransportProvider transports, StorageProvider storage, Path dir, String listen) {
    this(transports, storage, dir, listen, null, FAST);
  }

  private Cluster(
      TransportProvider transports,
      StorageProvider storage,
      Path dir,
      String listen,
      LoopbackNetwork network,
      ReplicationConfig config) {
    this.transports = transports;
    this.storage = storage;
    this.dir = dir;
    this.listen = listen;
    this.network = network;
    this.config = config;
  }

  /**
   * Nodes with in-memory storage on a loopback network of their own (seeded faults), closed with
   * the cluster.
   */
  static Cluster onLoopback(Path dir, long seed) {
    return onLoopback(dir, seed, FAST);
  }

  /** {@link #onLoopback(Path, long)} with the nodes' replication timing. */
  static Cluster onLoopback(Path dir, long seed, ReplicationConfig config) {
    LoopbackNetwork network = new LoopbackNetwork(new Random(seed));
    return new Cluster(
        new LoopbackTransportProvider(network),
        new MemoryStorageProvider(),
        dir,
        "/memory/0",
        network,
        config);
  }

  /** The loopback network of {@link #onLoopback}, to inject faults. */
  LoopbackNetwork network() {
    return network;
  }

  /** One node of the cluster. */
  static final class Node {
    final StorageEngine storage;
    final ApplicationManager apps;
    final ContextManager contexts;
    final Transport transport;
    final Replicator replicator;
    final ApplicationId app;

    Node(StorageEngine storage, Transport transport, ReplicationConfig config) {
      this(storage, transport, config, true);
    }

    Node(StorageEngine storage, Transport transport, ReplicationConfig config, boolean withApp) {
      this.storage = storage;
      this.apps = new ApplicationManager(storage, ENGINE, RuntimeLimits.DEFAULT);
      this.contexts =
          new ContextManager(
              storage, apps, RuntimeLimits.DEFAULT, Clock.systemUTC(), new SecureRandom());
      this.transport = transport;
      this.replicator = new Replicator(transport, contexts, config, Clock.systemUTC());
      this.app = withApp ? apps.install(PROBE, "test").id() : null;
      replicator.start();
    }

    String call(ContextId ctx, String method, String args) {
      return contexts.execute(ctx, method, args, Optional.empty()).outputJson();
    }
  }

  /**
   * A node that knows nobody and has no application installed: all it can learn comes from an
   * invitation.
   */
  Node addStranger() {
    Node node = new Node(openStorage(), startTransport(), config, false);
    nodes.add(node);
    return node;
  }

  private StorageEngine openStorage() {
    return storage.open(StorageConfig.at(dir.resolve("node" + nodes.size())));
  }

  private Transport startTransport() {
    byte[] seed = new byte[32];
    new SecureRandom().nextBytes(seed);
    return transports.start(
        new TransportConfig(KeyPair.fromSeed(seed), List.of(listen), List.of()));
  }

  Node add() {
    StorageEngine engine = openStorage();
    Transport transport = startTransport();
    Node node = new Node(engine, transport, config);
    for (Node other : nodes) {
      Transport.PeerInfo info = other.transport.localPeer();
      transport
          .dial(info.listenAddresses().get(0) + "/p2p/" + info.id())
          .toCompletableFuture()
          .orTimeout(20, TimeUnit.SECONDS)
          .join();
    }
    for (Node other : nodes) {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> other.transport.connectedPeers().contains(transport.localPeer().id()));
    }
    nodes.add(node);
    return node;
  }

  /**
   * {@code joiner} joins {@code ctx} with an invitation issued by {@code admin} (over the sync
   * protocol, to any connected member).
   */
  static CreatedContext join(Node joiner, Node admin, ContextId ctx) {
    return join(joiner, admin, ctx, MemberRole.MEMBER);
  }

  static CreatedContext join(Node joiner, Node admin, ContextId ctx, MemberRole role) {
    return joiner.replicator.join(
        admin.contexts.invite(ctx, role, Duration.ofHours(1), Optional.empty()));
  }

  /** Waits until every node holds the context at the same root and reports it synced. */
  void awaitConverged(ContextId ctx, Duration timeout) {
    await("convergence of " + ctx)
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              var root = nodes.get(0).contexts.replica(ctx).rootHash();
              for (Node node : nodes) {
                if (!node.contexts.replica(ctx).rootHash().equals(root)
                    || node.contexts.replica(ctx).pendingCount() > 0) {
                  return false;
                }
              }
              return true;
            });
  }

  @Override
  public void close() {
    for (Node node : nodes) {
      node.replicator.close();
      node.transport.close();
      node.storage.close();
    }
    if (network != null) {
      network.close();
    }
  }

  /** The request inside a member-proven frame; any other frame as it is (for fake peers). */
  static SyncFrame unproven(SyncFrame frame) {
    return frame instanceof SyncFrame.Proven p ? p.request() : frame;
  }

  private static byte[] probe() {
    return TestWasm.abiProbe();
  }
}
