package dev.mero4j.node.swap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mero4j.node.Mero4jNode;
import dev.mero4j.node.NodeConfig;
import dev.mero4j.node.NodeHome;
import dev.mero4j.node.ProviderAlreadyActiveException;
import dev.mero4j.node.ProviderMissingException;
import dev.mero4j.node.ProviderSet;
import dev.mero4j.node.SwapInProgressException;
import dev.mero4j.node.SwapJob;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.runtime.api.ContextService;
import dev.mero4j.runtime.api.MemberRole;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import dev.mero4j.transport.api.Transport;
import dev.mero4j.transport.api.TransportConfig;
import dev.mero4j.transport.api.TransportProvider;
import dev.mero4j.transport.libp2p.Libp2pTransportProvider;
import dev.mero4j.wasm.chicory.ChicoryWasmEngine;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real nodes (libp2p on loopback, MapDB, Chicory, the kv-store) replicate one context while
 * node A swaps its transport live; both keep writing throughout.
 */
class TransportSwapTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  private final List<Mero4jNode> nodes = new ArrayList<>();
  private final List<Writer> writers = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (Writer w : writers) {
      w.stop();
    }
    nodes.forEach(Mero4jNode::close);
  }

  @Test
  void aTransportReopenedOnOtherAddressesLosesNoWriteAndConverges() throws Exception {
    Pair p = pair();
    Writer writesOnA = writer(p.a, p.ctx, "a");
    Writer writesOnB = writer(p.b, p.ctx, "b");
    writesOnA.awaitMore(20);
    writesOnB.awaitMore(20);
    int port = freePort();
    String listen = "/ip4/127.0.0.1/tcp/" + port;
    Transport before = p.a.transport().orElseThrow();

    SwapJob job = awaitFinished(p.a, p.a.swapTransport("libp2p", List.of(listen)).id());

    assertThat(job.phase()).as("%s", job).isEqualTo(SwapJob.Phase.DONE);
    assertThat(job.capability()).isEqualTo("transport");
    assertThat(job.done()).as("progress counts the 4 phases: %s", job).isEqualTo(4);
    assertThat(job.total()).as("progress counts the 4 phases: %s", job).isEqualTo(4);
    Transport after = p.a.transport().orElseThrow();
    assertThat(after).isNotSameAs(before);
    assertThat(after.localPeer().listenAddresses()).anyMatch(a -> a.contains("/tcp/" + port));
    assertThat(p.a.status().orElseThrow().addresses()).anyMatch(a -> a.contains("/tcp/" + port));
    assertThat(Files.readString(p.a.home().configFile())).contains("listen = [\"" + listen + "\"]");
    assertThat(p.a.home().loadConfig().swarm().listen()).containsExactly(listen);
    writesOnA.awaitMore(20);
    writesOnB.awaitMore(20);
    writesOnA.stop();
    writesOnB.stop();
    assertConverged(p, writesOnA, writesOnB);
  }

  @Test
  void aSwapToAnAddressThatCannotBindRollsBackAndReplicationGoesOn() throws Exception {
    Pair p = pair();
    String config = Files.readString(p.a.home().configFile());
    Writer writesOnA = writer(p.a, p.ctx, "a");
    Writer writesOnB = writer(p.b, p.ctx, "b");
    writesOnA.awaitMore(10);
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String listen = "/ip4/127.0.0.1/tcp/" + taken.getLocalPort();

      SwapJob job = awaitFinished(p.a, p.a.swapTransport("libp2p", List.of(listen)).id());

      assertThat(job.phase()).as("%s", job).isEqualTo(SwapJob.Phase.ROLLED_BACK);
      assertThat(job.total()).isEqualTo(4);
      assertThat(job.done()).as("it failed in SWITCHING, after draining").isEqualTo(1);
      assertThat(job.errorType()).contains("SwapFailedException");
      assertThat(job.error().orElseThrow()).contains("already in use").contains("back on libp2p");
    }
    assertThat(Files.readString(p.a.home().configFile())).isEqualTo(config);
    assertThat(p.a.providerStatus())
        .anyMatch(c -> c.capability().equals("transport") && c.active().equals("libp2p"));
    writesOnA.awaitMore(20);
    writesOnB.awaitMore(20);
    writesOnA.stop();
    writesOnB.stop();
    assertConverged(p, writesOnA, writesOnB);
  }

  @Test
  void anUpdatedTransportBundleIsTakenOverWithoutARestart() throws Exception {
    Pair p = pair();
    Writer writesOnB = writer(p.b, p.ctx, "b");
    writesOnB.awaitMore(10);
    Transport before = p.a.transport().orElseThrow();
    Libp2pTransportProvider updated = new Libp2pTransportProvider();

    // what NodeComponent does when the libp2p bundle is updated: its service comes back, anew
    p.a.updateProviders(
        new ProviderSet(
            Map.of("mapdb", new MapDbStorageProvider()),
            Map.of("libp2p", updated),
            Map.of("chicory", new ChicoryWasmEngine())));

    SwapJob job = awaitFinished(p.a, "swap-1");
    assertThat(job.phase()).as("%s", job).isEqualTo(SwapJob.Phase.DONE);
    assertThat(job.from()).isEqualTo("libp2p");
    assertThat(p.a.transport().orElseThrow()).isNotSameAs(before);
    assertThatThrownBy(() -> p.a.swapProvider("transport", "libp2p"))
        .as("once moved, the updated instance is the active one")
        .isInstanceOf(ProviderAlreadyActiveException.class);
    Writer writesOnA = writer(p.a, p.ctx, "a");
    writesOnA.awaitMore(10);
    writesOnB.awaitMore(10);
    writesOnA.stop();
    writesOnB.stop();
    assertConverged(p, writesOnA, writesOnB);
  }

  @Test
  void anInstanceThatGoesAwayMidSwapSupersedesItsJobAndTheNextTakesOver() throws Exception {
    Pair p = pair();
    Writer writesOnB = writer(p.b, p.ctx, "b");
    writesOnB.awaitMore(10);
    Libp2pTransportProvider last = new Libp2pTransportProvider();
    AtomicBoolean replaced = new AtomicBoolean();
    // Bundle.update() then a refresh: the instance the first job moves to is itself replaced
    // while that job dials the peers it remembered.
    TransportProvider intermediate =
        new TransportProvider() {
          private final Libp2pTransportProvider real = new Libp2pTransportProvider();

          @Override
          public String name() {
            return "libp2p";
          }

          @Override
          public Transport start(TransportConfig config) {
            Transport started = real.start(config);
            return (Transport)
                Proxy.newProxyInstance(
                    Transport.class.getClassLoader(),
                    new Class<?>[] {Transport.class},
                    (proxy, method, args) -> {
                      if (method.getName().equals("connect")
                          && replaced.compareAndSet(false, true)) {
                        p.a.updateProviders(providers(last));
                      }
                      try {
                        return method.invoke(started, args);
                      } catch (InvocationTargetException e) {
                        throw e.getCause();
                      }
                    });
          }
        };

    p.a.updateProviders(providers(intermediate));

    SwapJob first = awaitFinished(p.a, "swap-1");
    assertThat(replaced).isTrue();
    assertThat(first.phase()).as("%s", first).isEqualTo(SwapJob.Phase.SUPERSEDED);
    assertThat(first.errorType()).isEmpty();
    assertThat(first.error().orElseThrow()).contains("went away");
    SwapJob second =
        await() // the next job starts once the first has ended
            .atMost(WAIT)
            .ignoreExceptions()
            .until(() -> p.a.swapJob("swap-2"), job -> job.phase().finished());
    assertThat(second.phase()).as("%s", second).isEqualTo(SwapJob.Phase.DONE);
    assertThatThrownBy(() -> p.a.swapProvider("transport", "libp2p"))
        .as("the node ends on the last instance")
        .isInstanceOf(ProviderAlreadyActiveException.class);
    Writer writesOnA = writer(p.a, p.ctx, "a");
    writesOnA.awaitMore(10);
    writesOnB.awaitMore(10);
    writesOnA.stop();
    writesOnB.stop();
    assertConverged(p, writesOnA, writesOnB);
  }

  private static ProviderSet providers(TransportProvider transport) {
    return new ProviderSet(
        Map.of("mapdb", new MapDbStorageProvider()),
        Map.of("libp2p", transport),
        Map.of("chicory", new ChicoryWasmEngine()));
  }

  @Test
  void transportSwapsThatCannotStartAreRefused() throws Exception {
    Mero4jNode a = node("a", List.of());
    assertThatThrownBy(() -> a.swapProvider("transport", "libp2p"))
        .isInstanceOf(ProviderAlreadyActiveException.class);
    assertThatThrownBy(() -> a.swapProvider("transport", "quic"))
        .isInstanceOf(ProviderMissingException.class)
        .hasMessageContaining("deployed: libp2p");
    assertThatThrownBy(() -> a.swapTransport("libp2p", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> a.swapTransport("libp2p", List.of("/ip4/1.2.3.4/tcp/1\"]\nx = [")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> a.swapTransport("libp2p", java.util.Collections.nCopies(17, "/ip4")))
        .isInstanceOf(IllegalArgumentException.class);
    SwapJob first = a.swapTransport("libp2p", List.of("/ip4/127.0.0.1/tcp/" + freePort()));
    assertThatThrownBy(() -> a.swapTransport("libp2p", List.of("/ip4/127.0.0.1/tcp/0")))
        .isInstanceOf(SwapInProgressException.class);
    assertThat(awaitFinished(a, first.id()).phase()).isEqualTo(SwapJob.Phase.DONE);
  }

  private void assertConverged(Pair p, Writer onA, Writer onB) {
    assertThat(onA.failures).as("writes on A never fail").isEmpty();
    assertThat(onB.failures).as("writes on B never fail").isEmpty();
    await("both nodes reach the same root")
        .atMost(WAIT)
        .until(
            () ->
                p.a
                    .replicator()
                    .orElseThrow()
                    .status(p.ctx)
                    .rootHash()
                    .equals(p.b.replicator().orElseThrow().status(p.ctx).rootHash()));
    for (Mero4jNode node : List.of(p.a, p.b)) {
      for (String key : onA.acknowledged) {
        assertThat(get(node, p.ctx, key)).as("%s on %s", key, node).contains("v-" + key);
      }
      for (String key : onB.acknowledged) {
        assertThat(get(node, p.ctx, key)).as("%s on %s", key, node).contains("v-" + key);
      }
    }
  }

  /** B first; A bootstraps to B, creates a kv-store context and B joins it. */
  private Pair pair() throws Exception {
    Mero4jNode b = node("b", List.of());
    String bAddress =
        b.status().orElseThrow().addresses().stream()
            .filter(a -> a.startsWith("/ip4/127.0.0.1/"))
            .findFirst()
            .orElseThrow();
    Mero4jNode a = node("a", List.of(bAddress));
    await().atMost(WAIT).until(() -> !a.transport().orElseThrow().connectedPeers().isEmpty());
    var app =
        a.applications()
            .orElseThrow()
            .install(Files.readAllBytes(SwapFixture.KV_STORE), "kv-store.wasm");
    ContextService contexts = a.contexts().orElseThrow();
    ContextId ctx = contexts.create(app.id(), "{}").contextId();
    b.contexts()
        .orElseThrow()
        .join(contexts.invite(ctx, MemberRole.MEMBER, Duration.ofHours(1), Optional.empty()));
    return new Pair(a, b, ctx);
  }

  private record Pair(Mero4jNode a, Mero4jNode b, ContextId ctx) {}

  private Mero4jNode node(String name, List<String> bootstrap) throws Exception {
    NodeHome home =
        NodeHome.init(
            dir.resolve(name),
            new NodeHome.InitOptions(0, 0, "libp2p", "chicory", true),
            new SecureRandom());
    String list = bootstrap.isEmpty() ? "[]" : "[\"" + bootstrap.get(0) + "\"]";
    Files.writeString(
        home.configFile(),
        Files.readString(home.configFile())
            .replace("/ip4/0.0.0.0/", "/ip4/127.0.0.1/")
            .replaceFirst("(?m)^mdns = true", "mdns = false")
            .replaceFirst("(?m)^bootstrap = \\[\\]", "bootstrap = " + list));
    NodeConfig config = home.loadConfig();
    Mero4jNode node =
        new Mero4jNode(
            home,
            config,
            home.loadIdentity(config),
            new ProviderSet(
                Map.of("mapdb", new MapDbStorageProvider()),
                Map.of("libp2p", new Libp2pTransportProvider()),
                Map.of("chicory", new ChicoryWasmEngine())));
    nodes.add(node);
    node.start();
    return node;
  }

  private Writer writer(Mero4jNode node, ContextId ctx, String prefix) {
    Writer w = new Writer(node, ctx, prefix);
    writers.add(w);
    w.thread.start();
    return w;
  }

  /** Writes {@code prefix-i} keys one after the other, recording each acknowledged one. */
  private static final class Writer {
    final Queue<String> acknowledged = new ConcurrentLinkedQueue<>();
    final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    final AtomicBoolean running = new AtomicBoolean(true);
    final Thread thread;

    Writer(Mero4jNode node, ContextId ctx, String prefix) {
      thread =
          new Thread(
              () -> {
                for (int i = 0; running.get(); i++) {
                  String key = prefix + "-" + i;
                  try {
                    set(node, ctx, key, "v-" + key);
                    acknowledged.add(key);
                  } catch (RuntimeException e) {
                    if (running.get()) {
                      failures.add(e);
                    }
                  }
                }
              },
              "writer-" + prefix);
    }

    void awaitMore(int writes) {
      int now = acknowledged.size();
      await().atMost(WAIT).until(() -> acknowledged.size() >= now + writes);
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join(WAIT.toMillis());
    }
  }

  private static void set(Mero4jNode node, ContextId ctx, String key, String value) {
    node.contexts()
        .orElseThrow()
        .execute(
            ctx, "set", "{\"key\":\"" + key + "\",\"value\":\"" + value + "\"}", Optional.empty());
  }

  private static String get(Mero4jNode node, ContextId ctx, String key) {
    return node.contexts()
        .orElseThrow()
        .execute(ctx, "get", "{\"key\":\"" + key + "\"}", Optional.empty())
        .outputJson();
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static SwapJob awaitFinished(Mero4jNode node, String id) {
    return await().atMost(WAIT).until(() -> node.swapJob(id), job -> job.phase().finished());
  }
}
