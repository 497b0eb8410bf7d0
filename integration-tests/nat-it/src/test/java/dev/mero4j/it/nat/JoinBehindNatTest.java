package dev.mero4j.it.nat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mero4j.it.nat.NatTopology.Nat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node behind a home NAT joins, by the invitation alone, a context of a node on the public
 * network: a home fresh from {@code mero4j init} (no bootstrap peer, no application) dials the
 * inviter the invitation names, fetches the application from it, and both read each other's writes;
 * the public node sees the joiner at the router's address only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JoinBehindNatTest {
  /** Time allowed for a write to reach the other node; gossip takes milliseconds, a sync 10 s. */
  private static final Duration CONVERGE = Duration.ofSeconds(60);

  @TempDir static Path dir;

  private NatTopology net;
  private NsNode publicNode;
  private NsNode homeNode;

  @BeforeAll
  void start() throws Exception {
    net = NatTopology.build(Nat.ENDPOINT_INDEPENDENT);
    var publicInit = NsNode.initAsync("public", net.publicNet(), dir);
    var homeInit = NsNode.initAsync("home", net.home(1).host(), dir);
    publicNode = publicInit.join();
    homeNode = homeInit.join();
    publicNode.start();
    homeNode.start();
  }

  @AfterAll
  void stop() {
    for (NsNode node : new NsNode[] {homeNode, publicNode}) {
      if (node != null) {
        node.close();
      }
    }
    if (net != null) {
      net.close();
    }
  }

  @Test
  void aNodeBehindNatJoinsByInvitationAndBothReadEachOthersWrites() {
    String app = publicNode.installBundledApp("kv-store.wasm");
    String ctx = publicNode.createContext(app);
    assertThat(homeNode.applications())
        .as("the home node's applications before the join")
        .isEmpty();

    // No bootstrap peer, no application: the invitation alone names the way in.
    assertThat(homeNode.join(publicNode.invite(ctx))).isEqualTo(ctx);
    assertThat(homeNode.applications()).as("fetched from the public node").containsExactly(app);
    homeNode.call(ctx, "set", "{\"key\":\"from-home\",\"value\":\"1\"}");
    publicNode.call(ctx, "set", "{\"key\":\"from-public\",\"value\":\"2\"}");

    for (NsNode node : List.of(publicNode, homeNode)) {
      await(node.name + " reads both writes")
          .atMost(CONVERGE)
          .pollInterval(Duration.ofMillis(100))
          .until(() -> entries(node, ctx).size() == 2);
      JsonNode entries = entries(node, ctx);
      assertThat(entries.path("from-home").asText()).isEqualTo("1");
      assertThat(entries.path("from-public").asText()).isEqualTo("2");
    }
  }

  @Test
  void thePublicNodeSeesTheJoinerOnlyAtItsRoutersAddress() {
    await("the home node's connection to the public node")
        .atMost(CONVERGE)
        .until(() -> !net.publicNet().tcpPeers("( sport = :" + NsNode.SWARM_PORT + " )").isEmpty());
    assertThat(net.publicNet().tcpPeers("( sport = :" + NsNode.SWARM_PORT + " )"))
        .as("remote addresses of the public node's peer-to-peer connections (ss)")
        .allMatch(a -> a.startsWith(net.home(1).routerAddress() + ":"))
        .noneMatch(a -> a.startsWith("192.168."));
  }

  private static JsonNode entries(NsNode node, String ctx) {
    return node.call(ctx, "entries", "{}");
  }
}
