package dev.mero4j.it.nat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two homes meet through a relay on the public network. Node A (home 1, endpoint-independent NAT)
 * creates contexts and invites; it knows the relay as its bootstrap peer and serves nothing else.
 * Node B (home 2, endpoint-independent NAT) and node C (home 3, symmetric NAT) are fresh homes from
 * {@code mero4j init}: no bootstrap, no application installed, only the invitation. B's connection
 * to A becomes direct by hole punching; C's stays relayed, and both converge either way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HolePunchingTest {
  /** Time allowed for a join and a write to reach the other node through a relay. */
  private static final Duration CONVERGE = Duration.ofSeconds(60);

  /**
   * Time allowed for a write to reach the other node over a live path (gossip): a fifth of the
   * periodic sync interval (10 s, {@code ReplicationConfig.DEFAULTS}).
   */
  private static final Duration LIVE = Duration.ofSeconds(2);

  /** Writes per direction that must each arrive within {@link #LIVE}; sync could bring two. */
  private static final int LIVE_WRITES = 3;

  @TempDir static Path dir;

  private ThreeHomes homes;
  private NatTopology net;
  private NsNode a;
  private NsNode b;
  private NsNode c;
  private String app;

  @BeforeAll
  void start() throws Exception {
    homes = ThreeHomes.start(dir);
    net = homes.net;
    a = homes.a;
    b = homes.b;
    c = homes.c;
    app = a.installBundledApp("kv-store.wasm");
    await("A holds a reservation on the relay")
        .atMost(CONVERGE)
        .until(() -> !a.relayAddresses().isEmpty());
  }

  @AfterAll
  void stop() {
    if (homes != null) {
      homes.close();
    }
  }

  @Test
  void homesBehindBothKindsOfNatJoinByTheInvitationAloneAndConverge() {
    String ctx = a.createContext(app);
    homes.join(b, ctx);
    homes.join(c, ctx);
    writeOnBothAndAwaitConverged(ctx, b, "b");
    writeOnBothAndAwaitConverged(ctx, c, "c");
    await("C, which only A's relay can reach, reads B's write")
        .atMost(CONVERGE)
        .until(() -> c.call(ctx, "entries", "{}").path("b-j").asText().equals("2"));
  }

  @Test
  void behindEndpointIndependentNatsHolePunchingMakesTheConnectionDirect() {
    String ctx = a.createContext(app);
    homes.join(b, ctx);
    writeOnBothAndAwaitConverged(ctx, b, "joined");

    // Each node's only connection to the other ends up being the direct one, between the
    // mappings its router made for the listen port (the addresses the relay observed): the relayed
    // connection is closed once the direct one is up.
    String aMapped = "/ip4/" + net.home(1).routerAddress() + "/tcp/" + NsNode.SWARM_PORT;
    String bMapped = "/ip4/" + net.home(2).routerAddress() + "/tcp/" + NsNode.SWARM_PORT;
    await("B's only connection to A is direct, to A's router")
        .atMost(CONVERGE)
        .until(() -> b.connectionTo(a.peerId()).map(c -> onlyDirect(c, aMapped)).orElse(false));
    await("A's only connection to B is direct, to B's router")
        .atMost(CONVERGE)
        .until(() -> a.connectionTo(b.peerId()).map(c -> onlyDirect(c, bMapped)).orElse(false));
    assertThat(net.home(1).host().tcpPeers("( sport = :" + NsNode.SWARM_PORT + " )"))
        .as("home 1's connections from its listen port")
        .contains(net.home(2).routerAddress() + ":" + NsNode.SWARM_PORT);
    assertThat(net.dials(1, 2)).as("hole-punch packets from home 1 to home 2").isPositive();
    assertThat(net.dials(2, 1)).as("hole-punch packets from home 2 to home 1").isPositive();

    // Replication now runs over the direct connection, the only one left, and live: gossip moved
    // onto it with the connection, so each write arrives long before a periodic sync would bring
    // it.
    writeOnBothAndAwaitConverged(ctx, b, "direct");
    for (int i = 0; i < LIVE_WRITES; i++) {
      writeAndAwaitLive(ctx, a, b, "live-a" + i);
    }
    for (int i = 0; i < LIVE_WRITES; i++) {
      writeAndAwaitLive(ctx, b, a, "live-b" + i);
    }
    JsonNode after = b.connectionTo(a.peerId()).orElseThrow();
    assertThat(onlyDirect(after, aMapped)).as("B's connection to A after: %s", after).isTrue();
  }

  @Test
  void behindASymmetricNatHolePunchingFailsAndTheConnectionStaysRelayed() {
    String ctx = a.createContext(app);
    homes.join(c, ctx);
    writeOnBothAndAwaitConverged(ctx, c, "relayed");

    // Hole punching was tried from both sides (its packets left both routers) and failed: the
    // symmetric NAT gives the punching connection another port than the one A was told.
    await("hole-punch attempts between homes 1 and 3")
        .atMost(CONVERGE)
        .until(() -> net.dials(1, 3) > 0 && net.dials(3, 1) > 0);
    JsonNode connection = c.connectionTo(a.peerId()).orElseThrow();
    assertThat(direct(connection)).as("C's connection to A: %s", connection).isFalse();
    assertThat(net.home(3).host().tcpPeers())
        .as("home 3's TCP connections")
        .noneMatch(peer -> peer.startsWith(net.home(1).routerAddress() + ":"));
    // Still relayed after the attempts: writes keep flowing.
    writeOnBothAndAwaitConverged(ctx, c, "after-punching");
  }

  /**
   * {@code writer} sets {@code key}; {@code reader} must read it within {@link #LIVE}. Periodic
   * sync runs every 10 s on each of the two nodes, so it can deliver at most two of {@link
   * #LIVE_WRITES} writes made one after the other in {@code LIVE_WRITES * LIVE}: the others prove
   * that gossip carries writes.
   */
  private static void writeAndAwaitLive(String ctx, NsNode writer, NsNode reader, String key) {
    writer.call(ctx, "set", "{\"key\":\"" + key + "\",\"value\":\"live\"}");
    await(reader.name + " reads " + key + " from " + writer.name + " without waiting for a sync")
        .atMost(LIVE)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> reader.call(ctx, "entries", "{}").path(key).asText().equals("live"));
  }

  /** A and the joiner each write a key named after {@code round}; both must read both. */
  private void writeOnBothAndAwaitConverged(String ctx, NsNode joiner, String round) {
    String key = round;
    a.call(ctx, "set", "{\"key\":\"" + key + "-a\",\"value\":\"1\"}");
    joiner.call(ctx, "set", "{\"key\":\"" + key + "-j\",\"value\":\"2\"}");
    for (NsNode node : List.of(a, joiner)) {
      await(node.name + " reads both writes")
          .atMost(CONVERGE)
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                JsonNode entries = node.call(ctx, "entries", "{}");
                return entries.path(key + "-a").asText().equals("1")
                    && entries.path(key + "-j").asText().equals("2");
              });
    }
  }

  private static boolean direct(JsonNode connection) {
    return !connection.path("relayed").asBoolean(true);
  }

  /** True when the peer's only connection is the direct one to {@code address}. */
  private static boolean onlyDirect(JsonNode connection, String address) {
    JsonNode addresses = connection.path("addresses");
    return direct(connection) && addresses.size() == 1 && addresses.get(0).asText().equals(address);
  }
}
