package dev.mero4j.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.replication.internal.Rendezvous;
import dev.mero4j.runtime.api.ContextService;
import dev.mero4j.runtime.api.MemberRole;
import dev.mero4j.runtime.api.ReplicaDirectory;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import dev.mero4j.storage.memory.MemoryStorageProvider;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.libp2p.Libp2pTransportProvider;
import dev.mero4j.transport.libp2p.internal.kad.KadContact;
import dev.mero4j.transport.libp2p.internal.kad.KadDht;
import dev.mero4j.wasm.chicory.ChicoryWasmEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes made by {@code init} with the default {@code [discovery]} table run the DHT and announce
 * their contexts under the rendezvous key: a bootstrap node (no application runtime, no context)
 * stores the members' announcements, under keys that are not the context id.
 */
class NodeRendezvousTest {
  private static final Path KV_STORE = Path.of("../../app-templates/prebuilt/kv-store.wasm");
  private static final Duration WAIT = Duration.ofSeconds(40);

  @TempDir Path dir;

  private final ProviderSet providers =
      new ProviderSet(
          Map.of("mapdb", new MapDbStorageProvider(), "memory", new MemoryStorageProvider()),
          Map.of("libp2p", new Libp2pTransportProvider()),
          Map.of("chicory", new ChicoryWasmEngine()));
  private final List<Mero4jNode> nodes = new ArrayList<>();
  private final Clock clock =
      Clock.offset(
          Clock.systemUTC(),
          Duration.between(
              Instant.now(),
              Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofMinutes(30))));

  @AfterEach
  void stop() {
    nodes.forEach(Mero4jNode::close);
  }

  @Test
  void membersWithTheDefaultDiscoveryAnnounceTheirContextInTheDht() throws Exception {
    Mero4jNode boot = node("boot", "none", List.of());
    String bootAddress =
        boot.status().orElseThrow().addresses().stream()
            .filter(a -> a.startsWith("/ip4/127.0.0.1/"))
            .findFirst()
            .orElseThrow();
    Mero4jNode a = node("a", "chicory", List.of(bootAddress));
    Mero4jNode b = node("b", "chicory", List.of(bootAddress));
    ContextService contexts = a.contexts().orElseThrow();
    var app = a.applications().orElseThrow().install(Files.readAllBytes(KV_STORE), "kv-store");
    ContextId ctx = contexts.create(app.id(), "{}").contextId();
    b.contexts()
        .orElseThrow()
        .join(contexts.invite(ctx, MemberRole.MEMBER, Duration.ofHours(1), Optional.empty()));

    byte[] secret = ((ReplicaDirectory) contexts).rendezvousSecret(ctx);
    byte[] key = Rendezvous.key(secret, clock.millis() / Rendezvous.EPOCH.toMillis());
    KadDht dht = (KadDht) boot.transport().orElseThrow().routing().orElseThrow();
    await("both members announce at the bootstrap node")
        .atMost(WAIT)
        .until(
            () ->
                dht.providers().get(key, 100).stream()
                    .map(KadContact::id)
                    .collect(Collectors.toSet()),
            p -> p.containsAll(Set.of(peer(a), peer(b))));
    assertThat(dht.providers().size())
        .as("the bootstrap node holds provider records under the rendezvous key only")
        .isEqualTo(dht.providers().get(key, 100).size());
    assertThat(dht.providers().get(ctx.toBytes(), 100)).isEmpty();
    assertThat(key).isNotEqualTo(ctx.toBytes());
  }

  private static PeerId peer(Mero4jNode node) {
    return node.transport().orElseThrow().localPeer().id();
  }

  /** A node made by {@code init}: default discovery but mDNS, loopback only, these bootstraps. */
  private Mero4jNode node(String name, String engine, List<String> bootstrap) throws Exception {
    NodeHome home =
        NodeHome.init(
            dir.resolve(name),
            new NodeHome.InitOptions(0, 0, "libp2p", engine, true),
            new SecureRandom());
    String list =
        bootstrap.stream().map(p -> "\"" + p + "\"").collect(Collectors.joining(", ", "[", "]"));
    String config =
        Files.readString(home.configFile())
            .replace("/ip4/0.0.0.0/", "/ip4/127.0.0.1/")
            .replaceFirst("(?m)^mdns = true", "mdns = false")
            .replaceFirst("(?m)^bootstrap = \\[\\]", "bootstrap = " + list);
    Files.writeString(home.configFile(), config);
    NodeConfig loaded = home.loadConfig();
    assertThat(loaded.discovery().dht()).as("init turns the DHT on").isTrue();
    Mero4jNode node =
        new Mero4jNode(
            home, loaded, home.loadIdentity(loaded), providers, clock, new SecureRandom());
    nodes.add(node);
    node.start();
    return node;
  }
}
