package dev.mero4j.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.replication.internal.MemberProofs;
import dev.mero4j.replication.internal.SessionTags;
import dev.mero4j.replication.internal.SyncCodec;
import dev.mero4j.replication.internal.SyncFrame;
import dev.mero4j.replication.internal.SyncProtocol;
import dev.mero4j.replication.internal.SyncServer;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.RequestHandler;
import dev.mero4j.transport.api.Transport;
import dev.mero4j.transport.api.TransportConfig;
import dev.mero4j.transport.loopback.LoopbackTransportProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remote peers get bounded work from a node and learn nothing about contexts they are not members
 * of (issue 16, items 7, 9 and 14).
 */
class BoundedWorkTest {
  private static final Duration CONVERGE = Duration.ofSeconds(60);

  @TempDir Path dir;

  private Cluster cluster;
  private final List<Transport> peers = new ArrayList<>();

  @BeforeEach
  void start() {
    cluster = Cluster.onLoopback(dir, 41);
  }

  @AfterEach
  void stop() {
    peers.forEach(Transport::close);
    cluster.close();
  }

  /** A peer with its own handler of the sync protocol, connected to {@code node}. */
  private PeerId startPeer(Cluster.Node node, int seed, RequestHandler handler) {
    byte[] key = new byte[32];
    new Random(seed).nextBytes(key);
    Transport peer =
        new LoopbackTransportProvider(cluster.network())
            .start(new TransportConfig(KeyPair.fromSeed(key), List.of("/memory/0"), List.of()));
    peers.add(peer);
    peer.serve(SyncProtocol.ID, handler);
    Transport.PeerInfo info = peer.localPeer();
    node.transport
        .dial(info.listenAddresses().get(0) + "/p2p/" + info.id())
        .toCompletableFuture()
        .orTimeout(20, TimeUnit.SECONDS)
        .join();
    return info.id();
  }

  /** Item 7: before, 10,000 empty pages of 10 s each were accepted from one peer. */
  @Test
  void aPeerServingEmptyPagesIsDroppedBacksOffAndTheHonestPeerServesTheCatchUp() {
    Cluster.Node a = cluster.add();
    Cluster.Node b = cluster.add();
    ContextId ctx = a.contexts.create(a.app, "{}").contextId();
    Cluster.join(b, a, ctx);
    cluster.awaitConverged(ctx, CONVERGE);
    AtomicInteger asked = new AtomicInteger();
    PeerId drip =
        startPeer(
            b,
            7,
            (from, bytes) -> {
              SyncFrame frame = Cluster.unproven(SyncCodec.decode(bytes));
              if (frame instanceof SyncFrame.HeadsRequest) {
                return SyncCodec.encode(
                    new SyncFrame.HeadsResponse(true, Hash.sha256(new byte[] {1}), List.of()));
              }
              asked.incrementAndGet();
              int cursor = frame instanceof SyncFrame.SinceRequest r ? r.cursor() : 0;
              return SyncCodec.encode(
                  new SyncFrame.SinceResponse(
                      SyncFrame.SinceOutcome.PAGE, 1_000_000, cursor + 1, List.of()));
            });
    await("the drip peer asked").atMost(CONVERGE).until(() -> asked.get() > 0);
    a.call(ctx, "set", "{\"key\":\"k\",\"value\":\"v\"}");

    b.replicator.syncNow(ctx).orTimeout(30, TimeUnit.SECONDS).join();
    b.replicator.syncNow(ctx).orTimeout(30, TimeUnit.SECONDS).join();

    assertThat(asked.get()).as("one empty page ends the catch-up, then it backs off").isEqualTo(1);
    assertThat(b.transport.connectedPeers()).contains(drip);
    cluster.awaitConverged(ctx, CONVERGE);
  }

  /** Item 9: before, each parallel request built its own image of the whole state. */
  @Test
  void parallelSnapshotRequestsForOneContextShareOneBuild() throws Exception {
    Cluster.Node a = cluster.add();
    ContextId ctx = a.contexts.create(a.app, "{}").contextId();
    for (int i = 0; i < 300; i++) {
      a.call(ctx, "set", "{\"key\":\"k" + i + "\",\"value\":\"" + "v".repeat(200) + "\"}");
    }
    PeerId self = a.transport.localPeer().id();
    PeerId member = new PeerId("12D3KooWMemberOfTheContextAskingForItsSnapshot");
    SyncServer server =
        new SyncServer(a.contexts, a.contexts, 200, 0, new SessionTags(a.contexts, self));
    ContextId tag = SessionTags.tag(a.contexts.rendezvousSecret(ctx), member, self);
    byte[] session = MemberProofs.session(ctx, member, self);
    byte[] proof =
        MemberProofs.mask(
            a.contexts.proveMembership(ctx, session), a.contexts.rendezvousSecret(ctx), session);
    byte[] request =
        SyncCodec.encode(
            new SyncFrame.Proven(proof, new SyncFrame.SnapshotRequest(tag, Hash.ZERO, 0)));
    int parallel = 8;
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<byte[]>> answers = new ArrayList<>();
    for (int i = 0; i < parallel; i++) {
      answers.add(
          pool.submit(
              () -> {
                go.await();
                return server.handle(member, request);
              }));
    }
    go.countDown();
    for (Future<byte[]> answer : answers) {
      var page = (SyncFrame.SnapshotResponse) SyncCodec.decode(answer.get(60, TimeUnit.SECONDS));
      assertThat(page.outcome()).isEqualTo(SyncFrame.SnapshotOutcome.PAGE);
    }
    pool.shutdown();
    assertThat(server.snapshotBuilds()).isEqualTo(1);
  }

  /** Item 14: before, every request named the context id, and any peer could ask about any id. */
  @Test
  void strangersSeeNoContextIdAndCannotProbeForOne() {
    Cluster.Node a = cluster.add();
    ContextId ctx = a.contexts.create(a.app, "{}").contextId();
    a.call(ctx, "set", "{\"key\":\"k\",\"value\":\"v\"}");
    List<byte[]> seen = new CopyOnWriteArrayList<>();
    PeerId stranger =
        startPeer(
            a,
            14,
            (from, bytes) -> {
              seen.add(bytes);
              return SyncCodec.encode(new SyncFrame.HeadsResponse(false, Hash.ZERO, List.of()));
            });
    a.replicator.syncNow(ctx).orTimeout(30, TimeUnit.SECONDS).join();
    await().atMost(CONVERGE).until(() -> !seen.isEmpty());
    String id = HexFormat.of().formatHex(ctx.toBytes());
    String key = HexFormat.of().formatHex(a.contexts.keys(ctx).memberKey().toBytes());
    assertThat(seen)
        .as("requests to a stranger carry no context id and no member key")
        .allSatisfy(b -> assertThat(HexFormat.of().formatHex(b)).doesNotContain(id, key));

    Transport probe = peers.get(0);
    PeerId node = a.transport.localPeer().id();
    assertThat(heads(probe, node, ctx).known()).as("the bare id is no proof").isFalse();
    byte[] guessed = new byte[32];
    assertThat(heads(probe, node, SessionTags.tag(guessed, stranger, node)).known()).isFalse();
    ContextId proof = SessionTags.tag(a.contexts.rendezvousSecret(ctx), stranger, node);
    assertThat(heads(probe, node, proof).known())
        .as("a right tag without a member proof is not answered either")
        .isFalse();
    ContextId replayed =
        SessionTags.tag(a.contexts.rendezvousSecret(ctx), new PeerId("12D3KooWSomeoneElse"), node);
    assertThat(heads(probe, node, replayed).known())
        .as("a tag bound to another session is no proof")
        .isFalse();
  }

  private static SyncFrame.HeadsResponse heads(Transport from, PeerId to, ContextId named) {
    byte[] answer =
        from.request(
                to,
                SyncProtocol.ID,
                SyncCodec.encode(new SyncFrame.HeadsRequest(named)),
                Duration.ofSeconds(10))
            .toCompletableFuture()
            .orTimeout(20, TimeUnit.SECONDS)
            .join();
    return (SyncFrame.HeadsResponse) SyncCodec.decode(answer);
  }
}
