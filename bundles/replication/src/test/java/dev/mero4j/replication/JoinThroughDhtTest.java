package dev.mero4j.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.replication.internal.AppProtocol;
import dev.mero4j.replication.internal.AppServer;
import dev.mero4j.replication.internal.Rendezvous;
import dev.mero4j.runtime.ApplicationManager;
import dev.mero4j.runtime.ContextManager;
import dev.mero4j.runtime.RuntimeLimits;
import dev.mero4j.runtime.api.ApplicationTransfer;
import dev.mero4j.runtime.api.JoinUnavailableException;
import dev.mero4j.runtime.api.MemberRole;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import dev.mero4j.transport.api.DiscoveryOptions;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.Transport;
import dev.mero4j.transport.api.TransportConfig;
import dev.mero4j.transport.libp2p.Libp2pTransportProvider;
import dev.mero4j.transport.libp2p.internal.kad.KadContact;
import dev.mero4j.transport.libp2p.internal.kad.KadDht;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A join whose inviter cannot be reached falls back to the DHT, over real libp2p on 127.0.0.1: the
 * joiner knows a bootstrap node that holds no context and the invitation, looks up the invitation's
 * rendezvous keys, fetches the application from and is admitted by a member found there, and an
 * announcer serving bytes that do not hash to the application id is refused.
 */
class JoinThroughDhtTest {
  private static final DiscoveryOptions DHT_ONLY =
      new DiscoveryOptions(false, true, DiscoveryOptions.PRIVATE_DHT, false, false);
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String LOOPBACK = "/ip4/127.0.0.1/tcp/";

  @TempDir Path dir;

  private final Libp2pTransportProvider libp2p = new Libp2pTransportProvider();
  private final List<AutoCloseable> open = new ArrayList<>();
  private String bootAddress;
  private KadDht bootDht;

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void aJoinerWhoseInviterIsOfflineIsAdmittedByAMemberFoundInTheDhtAndConverges() {
    startBootstrapNode();
    Member a = new Member("a", 1).start(true);
    ContextId ctx = a.contexts.create(a.app, "{}").contextId();
    a.call(ctx, "set", "{\"key\":\"from\",\"value\":\"a\"}");
    Member b = new Member("b", 2).start(false);
    b.replicator.join(a.invite(ctx));
    String forC = a.invite(ctx);
    byte[] key = Rendezvous.key(a.contexts.rendezvousSecret(ctx), epochNow());
    await("b announced the context").atMost(WAIT).until(() -> providers(key).contains(b.peer()));
    await().atMost(WAIT).until(() -> "\"a\"".equals(b.call(ctx, "get", "{\"key\":\"from\"}")));
    a.close();

    Member c = new Member("c", 3).start(false);
    await("c is in the DHT and its bootstrap lookup is done")
        .atMost(WAIT)
        .until(() -> c.transport.routing().orElseThrow().routingTableSize() >= 2);
    // That lookup may have connected c to b as a DHT peer, and DHT traffic may connect them again;
    // c must find b by the rendezvous key, so the join starts at a moment they are not connected.
    await()
        .atMost(WAIT)
        .until(
            () -> {
              c.transport.disconnect(b.peer());
              return !c.transport.connectedPeers().contains(b.peer());
            });
    assertThat(c.replicator.join(forC).contextId()).isEqualTo(ctx);
    assertThat(c.apps.get(a.app)).as("the application came from b").isPresent();
    assertThat(c.transport.connectedPeers()).contains(b.peer());
    await("c converged through b")
        .atMost(WAIT)
        .until(() -> "\"a\"".equals(c.call(ctx, "get", "{\"key\":\"from\"}")));
    c.call(ctx, "set", "{\"key\":\"from-c\",\"value\":\"c\"}");
    await().atMost(WAIT).until(() -> "\"c\"".equals(b.call(ctx, "get", "{\"key\":\"from-c\"}")));
  }

  @Test
  void anAnnouncerServingAnotherModuleIsRefusedAndTheNextMemberFoundServesIt() {
    startBootstrapNode();
    Member a = new Member("a", 1).start(true);
    ContextId ctx = a.contexts.create(a.app, "{}").contextId();
    Member b = new Member("b", 2).start(false);
    b.replicator.join(a.invite(ctx));
    byte[] secret = a.contexts.rendezvousSecret(ctx);
    byte[] key = Rendezvous.key(secret, epochNow());
    await("b announced the context").atMost(WAIT).until(() -> providers(key).contains(b.peer()));
    b.close();
    String forC = a.invite(ctx);
    PeerId inviter = a.peer();
    a.close();

    AtomicInteger asked = new AtomicInteger();
    Transport liar = liar(a.app, asked);
    await("the liar knows the bootstrap node")
        .atMost(WAIT)
        .until(() -> liar.routing().orElseThrow().routingTableSize() > 0);
    liar.routing().orElseThrow().provide(key).toCompletableFuture().join();
    await().atMost(WAIT).until(() -> providers(key).contains(liar.localPeer().id()));

    Member c = new Member("c", 3).start(false);
    await("c is in the DHT")
        .atMost(WAIT)
        .until(() -> c.transport.routing().orElseThrow().routingTableSize() > 0);
    assertThatThrownBy(() -> c.replicator.join(forC))
        .isInstanceOf(JoinUnavailableException.class)
        .hasMessageContaining(inviter + " is unreachable")
        .hasMessageContaining(liar.localPeer().id() + ": sent bytes that do not hash");
    assertThat(asked).hasPositiveValue();
    assertThat(c.apps.get(a.app)).as("nothing of the liar's installed").isEmpty();
    assertThat(c.apps.partialDownload(a.app)).isEmpty();

    b.start(false);
    await("b announced again").atMost(WAIT).until(() -> providers(key).contains(b.peer()));
    assertThat(c.replicator.join(forC).contextId()).isEqualTo(ctx);
    assertThat(c.apps.get(a.app)).isPresent();
    await().atMost(WAIT).until(() -> b.contexts.members(ctx).size() == 3);
  }

  /** A DHT peer announcing the key that serves, for {@code app}, bytes of its size but not it. */
  private Transport liar(ApplicationId app, AtomicInteger asked) {
    Transport liar = transport(9);
    byte[] forged = new byte[Cluster.PROBE.length];
    liar.serve(
        AppProtocol.ID,
        new AppServer(
            new ApplicationTransfer() {
              @Override
              public Optional<byte[]> servedModule(ApplicationId application) {
                asked.incrementAndGet();
                return application.equals(app) ? Optional.of(forged) : Optional.empty();
              }

              @Override
              public byte[] partialDownload(ApplicationId application) {
                return new byte[0];
              }

              @Override
              public void saveChunk(ApplicationId application, long offset, byte[] chunk) {}

              @Override
              public void discardDownload(ApplicationId application) {}
            }));
    return liar;
  }

  private void startBootstrapNode() {
    Transport boot = transport(8);
    bootAddress = boot.localPeer().listenAddresses().get(0) + "/p2p/" + boot.localPeer().id();
    bootDht = (KadDht) boot.routing().orElseThrow();
  }

  private Transport transport(int seed) {
    Transport transport = startTransport(seed);
    open.add(transport::close);
    return transport;
  }

  /** A libp2p node with the DHT on a fresh loopback port, knowing only the bootstrap node. */
  private Transport startTransport(int seed) {
    return libp2p.start(
        new TransportConfig(
            KeyPair.fromSeed(seed(seed)),
            List.of(LOOPBACK + "0"),
            bootAddress == null ? List.of() : List.of(bootAddress),
            DHT_ONLY));
  }

  private Set<PeerId> providers(byte[] key) {
    return bootDht.providers().get(key, 100).stream()
        .map(KadContact::id)
        .collect(Collectors.toSet());
  }

  private static long epochNow() {
    return Clock.systemUTC().millis() / Rendezvous.EPOCH.toMillis();
  }

  private static byte[] seed(int n) {
    byte[] seed = new byte[32];
    seed[0] = (byte) n;
    return seed;
  }

  /** A member node: MapDB storage, runtime, libp2p knowing only the bootstrap node, replication. */
  private final class Member implements AutoCloseable {
    private final Path home;
    private final int seed;
    StorageEngine storage;
    ApplicationManager apps;
    ContextManager contexts;
    Transport transport;
    Replicator replicator;
    ApplicationId app;

    Member(String name, int seed) {
      this.home = dir.resolve(name);
      this.seed = seed;
      open.add(this);
    }

    Member start(boolean installApp) {
      storage = new MapDbStorageProvider().open(StorageConfig.at(home));
      apps = new ApplicationManager(storage, Cluster.ENGINE, RuntimeLimits.DEFAULT);
      contexts =
          new ContextManager(
              storage, apps, RuntimeLimits.DEFAULT, Clock.systemUTC(), new SecureRandom());
      if (installApp) {
        app = apps.install(Cluster.PROBE, "probe").id();
      }
      transport = startTransport(seed);
      replicator = new Replicator(transport, contexts, Cluster.FAST, Clock.systemUTC());
      replicator.start();
      return this;
    }

    String invite(ContextId ctx) {
      return contexts.invite(ctx, MemberRole.MEMBER, Duration.ofHours(1), Optional.empty());
    }

    PeerId peer() {
      return transport.localPeer().id();
    }

    String call(ContextId ctx, String method, String args) {
      return contexts.execute(ctx, method, args, Optional.empty()).outputJson();
    }

    @Override
    public void close() {
      if (replicator != null) {
        Stream.<AutoCloseable>of(replicator, transport, storage)
            .forEach(JoinThroughDhtTest::closeQuietly);
        replicator = null;
      }
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing " + c + " failed", e);
    }
  }
}
