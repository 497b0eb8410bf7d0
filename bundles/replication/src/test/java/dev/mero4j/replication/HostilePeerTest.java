package dev.mero4j.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.replication.internal.SessionTags;
import dev.mero4j.replication.internal.SyncCodec;
import dev.mero4j.replication.internal.SyncFrame;
import dev.mero4j.replication.internal.SyncProtocol;
import dev.mero4j.storage.memory.MemoryStorageProvider;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.Transport;
import dev.mero4j.transport.api.TransportConfig;
import dev.mero4j.transport.libp2p.Libp2pTransport;
import dev.mero4j.transport.libp2p.Libp2pTransportProvider;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A malicious peer on real libp2p (TCP, Noise, Yamux, gossipsub on 127.0.0.1) that knows a
 * context's topic floods it with junk envelopes, stalls every catch-up asked of it, probes for
 * context ids and asks for snapshots in parallel: the honest node stays responsive, its buffers
 * stay bounded, the attacker is penalised, and an honest member still replicates within a bound.
 */
class HostilePeerTest {
  private static final Duration BOUND = Duration.ofSeconds(60);
  private static final int MAX_JUNK = 2000;

  @TempDir Path dir;

  @Test
  void theHonestNodeStaysBoundedAndConvergesWhileTheAttackerIsPenalised() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    try (Cluster cluster =
            new Cluster(
                new Libp2pTransportProvider(),
                new MemoryStorageProvider(),
                dir,
                "/ip4/127.0.0.1/tcp/0");
        Transport attacker = startAttacker(never)) {
      Cluster.Node a = cluster.add();
      Cluster.Node b = cluster.add();
      ContextId ctx = a.contexts.create(a.app, "{}").contextId();
      Cluster.join(b, a, ctx);
      cluster.awaitConverged(ctx, BOUND);
      List<byte[]> foreign = new CopyOnWriteArrayList<>();
      ContextId other = a.contexts.create(a.app, "{}").contextId();
      a.contexts.onCommit((id, envelope) -> foreign.add(envelope));
      a.call(other, "set", "{\"key\":\"big\",\"value\":\"" + "x".repeat(32 << 10) + "\"}");
      byte[] junk = foreign.get(foreign.size() - 1);

      PeerId evil = attacker.localPeer().id();
      PeerId victim = b.transport.localPeer().id();
      attacker.dial(address(b.transport)).toCompletableFuture().get(20, TimeUnit.SECONDS);
      String topic = SyncProtocol.topic(a.contexts.rendezvousSecret(ctx)); // leaked to the attacker
      attacker.subscribe(topic, message -> {});
      await().atMost(BOUND).until(() -> attacker.topicPeers(topic).contains(victim));

      Libp2pTransport wire = (Libp2pTransport) b.transport;
      int sent = 0;
      for (; sent < MAX_JUNK && wire.score(evil) >= 0; sent++) {
        int i = sent;
        byte[] variant = junk.clone();
        variant[variant.length - 1 - (i % 64)] ^= (byte) (1 + i / 64);
        attacker.publish(topic, SyncCodec.encode(new SyncFrame.Delta(variant)));
      }
      List<CompletableFuture<byte[]>> probes = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        probes.add(ask(attacker, victim, new SyncFrame.SnapshotRequest(ctx, Hash.ZERO, 0)));
      }
      probes.add(ask(attacker, victim, new SyncFrame.HeadsRequest(ctx)));
      byte[] guess = new byte[32];
      probes.add(
          ask(attacker, victim, new SyncFrame.HeadsRequest(SessionTags.tag(guess, evil, victim))));

      await("the flooder penalised")
          .atMost(BOUND)
          .until(() -> wire.score(evil) < 0 && b.replicator.bufferedGossipBytes(evil) > 0);
      for (CompletableFuture<byte[]> probe : probes) {
        SyncFrame answer = SyncCodec.decode(probe.get(30, TimeUnit.SECONDS));
        boolean unknown =
            answer instanceof SyncFrame.HeadsResponse h
                ? !h.known()
                : answer instanceof SyncFrame.SnapshotResponse r
                    && r.outcome() == SyncFrame.SnapshotOutcome.UNKNOWN_CONTEXT;
        assertThat(unknown)
            .as("a probe is answered as for a context not held: %s", answer)
            .isTrue();
      }

      long buffered = 64 << 10; // one envelope past the budget
      assertThat(b.replicator.bufferedGossipBytes(evil))
          .isLessThanOrEqualTo(8L * 1024 * 1024 + buffered);
      assertThat(b.contexts.replica(ctx).awaitingGovernanceBytes())
          .isLessThanOrEqualTo(8L * 1024 * 1024 + buffered);
      assertThat(b.contexts.replica(ctx).awaitingGovernanceCount())
          .isLessThanOrEqualTo(260)
          .isLessThan(sent);

      long started = System.nanoTime();
      for (int i = 0; i < 10; i++) {
        a.call(ctx, "set", "{\"key\":\"after" + i + "\",\"value\":\"" + i + "\"}");
      }
      b.replicator.syncNow(ctx).get(BOUND.toSeconds(), TimeUnit.SECONDS);
      cluster.awaitConverged(ctx, BOUND);
      assertThat(b.call(ctx, "get", "{\"key\":\"after9\"}")).isEqualTo("\"9\"");
      System.out.printf(
          "honest convergence under attack: %d ms, junk sent %d, attacker score %.1f, buffered %d"
              + " bytes%n",
          (System.nanoTime() - started) / 1_000_000,
          sent,
          wire.score(evil),
          b.contexts.replica(ctx).awaitingGovernanceBytes());
    } finally {
      never.countDown();
    }
  }

  /** A libp2p node whose sync handler takes every request and never answers. */
  private static Transport startAttacker(CountDownLatch never) {
    byte[] seed = new byte[32];
    new SecureRandom().nextBytes(seed);
    Transport t =
        new Libp2pTransportProvider()
            .start(
                new TransportConfig(
                    KeyPair.fromSeed(seed), List.of("/ip4/127.0.0.1/tcp/0"), List.of()));
    t.serve(
        SyncProtocol.ID,
        (from, request) -> {
          try {
            never.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          throw new IllegalStateException("stalled on purpose");
        });
    return t;
  }

  private static CompletableFuture<byte[]> ask(Transport from, PeerId to, SyncFrame request) {
    return from.request(to, SyncProtocol.ID, SyncCodec.encode(request), Duration.ofSeconds(20))
        .toCompletableFuture();
  }

  private static String address(Transport t) {
    return t.localPeer().listenAddresses().get(0) + "/p2p/" + t.localPeer().id();
  }
}
