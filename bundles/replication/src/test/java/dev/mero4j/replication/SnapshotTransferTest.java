package dev.mero4j.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.replication.internal.Replica;
import dev.mero4j.replication.internal.SessionTags;
import dev.mero4j.replication.internal.SinceHeadsCatchUp;
import dev.mero4j.replication.internal.SnapshotImage;
import dev.mero4j.replication.internal.SnapshotServer;
import dev.mero4j.replication.internal.SyncCodec;
import dev.mero4j.replication.internal.SyncFrame;
import dev.mero4j.replication.internal.SyncProtocol;
import dev.mero4j.replication.internal.SyncRequests;
import dev.mero4j.replication.internal.SyncServer;
import dev.mero4j.runtime.ContextReplica;
import dev.mero4j.runtime.api.ContextSnapshot;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.ProtocolViolationException;
import dev.mero4j.transport.api.RequestHandler;
import dev.mero4j.transport.api.Transport;
import dev.mero4j.transport.api.TransportConfig;
import dev.mero4j.transport.loopback.LoopbackNetwork;
import dev.mero4j.transport.loopback.LoopbackTransportProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshot pages from lying and flaky peers: refused without damage, resumed after a cut. */
class SnapshotTransferTest {
  private static final Duration CONVERGE = Duration.ofSeconds(60);

  @TempDir Path dir;

  private LoopbackNetwork network;
  private Cluster cluster;
  private Transport peer;

  @BeforeEach
  void start() {
    cluster = Cluster.onLoopback(dir, 23);
    network = cluster.network();
  }

  @AfterEach
  void stop() {
    if (peer != null) {
      peer.close();
    }
    cluster.close();
  }

  @Test
  void snapshotsThatLieAboutTheirRootOrAreTruncatedOrGarbageAreRefusedWithoutDamage() {
    Cluster.Node b = cluster.add();
    ContextId ctx = b.contexts.create(b.app, "{}").contextId();
    for (int i = 0; i < 30; i++) {
      b.call(ctx, "set", "{\"key\":\"k" + i + "\",\"value\":\"v\"}");
    }
    ContextReplica replica = b.contexts.replica(ctx);
    ContextSnapshot honest = replica.exportSnapshot();
    Hash fake = Hash.sha256(new byte[] {42});
    byte[] lyingImage =
        SnapshotImage.encode(
            new ContextSnapshot(fake, honest.heads(), honest.known(), honest.state()));
    byte[] image = SnapshotImage.encode(honest);
    byte[] truncated = Arrays.copyOf(image, image.length / 2);
    byte[] garbage = new byte[image.length];
    new Random(3).nextBytes(garbage);
    ContextId other = b.contexts.create(b.app, "{}").contextId();
    b.call(other, "set", "{\"key\":\"elsewhere\",\"value\":\"v\"}");
    byte[] foreign = SnapshotImage.encode(b.contexts.replica(other).exportSnapshot());

    AtomicReference<Function<SyncFrame.SnapshotRequest, SyncFrame.SnapshotResponse>> serve =
        new AtomicReference<>();
    PeerId liar =
        startPeer(
            b,
            (from, bytes) -> {
              SyncFrame frame = Cluster.unproven(SyncCodec.decode(bytes));
              if (frame instanceof SyncFrame.SnapshotRequest r) {
                return SyncCodec.encode(serve.get().apply(r));
              }
              if (frame instanceof SyncFrame.HeadsRequest) {
                return SyncCodec.encode(new SyncFrame.HeadsResponse(true, fake, List.of()));
              }
              return SyncCodec.encode(
                  new SyncFrame.SinceResponse(SyncFrame.SinceOutcome.TOO_FAR, 0, 0, List.of()));
            });
    Hash root = replica.rootHash();
    List<DeltaId> heads = replica.heads();
    SinceHeadsCatchUp catchUp =
        new SinceHeadsCatchUp(
            new SyncRequests(
                b.transport,
                Duration.ofSeconds(5),
                new SessionTags(b.contexts, b.transport.localPeer().id()),
                b.contexts));

    serve.set(r -> page(replica, lyingImage, fake, r.offset()));
    assertRefused(catchUp, liar, replica, "root mismatch");
    serve.set(r -> page(replica, image, fake, r.offset()));
    assertRefused(catchUp, liar, replica, "advertised root");
    serve.set(r -> page(replica, truncated, honest.root(), r.offset()));
    assertRefused(catchUp, liar, replica, "malformed snapshot");
    serve.set(
        r ->
            new SyncFrame.SnapshotResponse(
                SyncFrame.SnapshotOutcome.PAGE,
                Hash.sha256(image),
                honest.root(),
                image.length,
                0,
                replica.sealSyncPayload(garbage)));
    assertRefused(catchUp, liar, replica, "do not hash");
    serve.set(r -> page(replica, foreign, b.contexts.replica(other).rootHash(), r.offset()));
    assertRefused(catchUp, liar, replica, "would lose");
    serve.set(
        r ->
            new SyncFrame.SnapshotResponse(
                SyncFrame.SnapshotOutcome.PAGE,
                Hash.sha256(image),
                honest.root(),
                image.length,
                0,
                new byte[] {1, 2, 3}));
    assertRefused(catchUp, liar, replica, "snapshot page");

    assertThat(replica.rootHash()).isEqualTo(root);
    assertThat(replica.heads()).isEqualTo(heads);
    assertThat(b.call(ctx, "len", "{}")).isEqualTo("30");
    b.call(ctx, "set", "{\"key\":\"still\",\"value\":\"writable\"}");
    assertThat(b.call(ctx, "len", "{}")).isEqualTo("31");
  }

  @Test
  void aSnapshotCutByADroppedConnectionResumesAtItsOffsetAndReportsProgress() {
    Cluster.Node a = cluster.add();
    Cluster.Node b = cluster.add();
    ContextId ctx = a.contexts.create(a.app, "{}").contextId();
    Cluster.join(b, a, ctx);
    cluster.awaitConverged(ctx, CONVERGE);

    SnapshotServer pages = new SnapshotServer(a.contexts, 1024);
    AtomicReference<SessionTags> tags = new AtomicReference<>();
    AtomicBoolean open = new AtomicBoolean();
    AtomicInteger served = new AtomicInteger();
    List<SyncFrame.SnapshotRequest> requests = new CopyOnWriteArrayList<>();
    AtomicReference<SyncStatus> midway = new AtomicReference<>();
    PeerId flaky =
        startPeer(
            b,
            (from, bytes) -> {
              if (!open.get()) {
                throw new ProtocolViolationException("not yet");
              }
              SyncFrame frame = Cluster.unproven(SyncCodec.decode(bytes));
              if (!(frame instanceof SyncFrame.SnapshotRequest r)) {
                return new SyncServer(a.contexts, a.contexts, 200, 0, tags.get())
                    .handle(from, bytes);
              }
              requests.add(r);
              int n = served.incrementAndGet();
              if (n == 2) {
                midway.set(b.replicator.status(ctx));
              }
              if (n == 3) {
                throw new ProtocolViolationException("connection dropped mid-snapshot");
              }
              return SyncCodec.encode(
                  pages.handle((SyncFrame.SnapshotRequest) tags.get().inbound(r, from)));
            });
    tags.set(new SessionTags(a.contexts, flaky));
    network.partition(
        Set.of(a.transport.localPeer().id()), Set.of(b.transport.localPeer().id(), flaky));
    for (int i = 0; i < 200; i++) {
      a.call(ctx, "set", "{\"key\":\"key-" + i + "\",\"value\":\"value " + i * 7919 + "\"}");
    }
    open.set(true);

    await()
        .atMost(CONVERGE)
        .until(() -> b.contexts.replica(ctx).rootHash().equals(a.contexts.replica(ctx).rootHash()));
    assertThat(b.call(ctx, "len", "{}")).isEqualTo("200");
    assertThat(midway.get().state()).isEqualTo(SyncStatus.State.RECEIVING_SNAPSHOT);
    assertThat(midway.get().snapshot())
        .hasValueSatisfying(
            p -> {
              assertThat(p.receivedBytes()).isPositive();
              assertThat(p.totalBytes()).isGreaterThan(2048);
            });
    SyncFrame.SnapshotRequest cut = requests.get(2);
    SyncFrame.SnapshotRequest resumed = requests.get(3);
    assertThat(cut.offset()).isEqualTo(2048);
    assertThat(resumed.snapshot()).isEqualTo(cut.snapshot()).isNotEqualTo(Hash.ZERO);
    assertThat(resumed.offset()).isEqualTo(cut.offset());
    assertThat(requests).filteredOn(r -> r.offset() == 0).hasSize(1);
    await().atMost(CONVERGE).until(() -> b.replicator.status(ctx).snapshot().isEmpty());
  }

  private static SyncFrame.SnapshotResponse page(
      ContextReplica replica, byte[] image, Hash root, long offset) {
    return new SyncFrame.SnapshotResponse(
        SyncFrame.SnapshotOutcome.PAGE,
        Hash.sha256(image),
        root,
        image.length,
        offset,
        replica.sealSyncPayload(Arrays.copyOfRange(image, (int) offset, image.length)));
  }

  private static void assertRefused(
      SinceHeadsCatchUp catchUp, PeerId liar, ContextReplica replica, String why) {
    Hash root = replica.rootHash();
    Replica parts = new Replica(replica.id(), replica, replica, replica, replica);
    assertThatThrownBy(() -> catchUp.pull(liar, parts, (received, total) -> {}))
        .isInstanceOf(ProtocolViolationException.class)
        .hasMessageContaining(why);
    assertThat(replica.rootHash()).isEqualTo(root);
    assertThat(catchUp.pendingSnapshotBytes(replica.id())).isZero();
  }

  /**
   * A bare peer on the network that answers the sync protocol with {@code handler}, dialled by
   * {@code node}.
   */
  private PeerId startPeer(Cluster.Node node, RequestHandler handler) {
    byte[] seed = new byte[32];
    new Random(99).nextBytes(seed);
    peer =
        new LoopbackTransportProvider(network)
            .start(new TransportConfig(KeyPair.fromSeed(seed), List.of("/memory/0"), List.of()));
    peer.serve(SyncProtocol.ID, handler);
    Transport.PeerInfo info = peer.localPeer();
    node.transport
        .dial(info.listenAddresses().get(0) + "/p2p/" + info.id())
        .toCompletableFuture()
        .orTimeout(20, TimeUnit.SECONDS)
        .join();
    return info.id();
  }
}
