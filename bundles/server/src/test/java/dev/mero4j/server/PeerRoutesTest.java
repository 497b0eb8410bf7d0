package dev.mero4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.server.testing.Api;
import dev.mero4j.server.testing.FakeKvRuntime;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The operator's peer routes: list, connect, disconnect and network status, with admin auth. */
class PeerRoutesTest {
  static final String OTHER = "12D3KooWOther";

  /** An in-memory node: connect succeeds for addresses ending in /p2p/OTHER. */
  static final class FakeNode implements NodeInfo {
    final List<String> dialled = new CopyOnWriteArrayList<>();
    final List<Duration> timeouts = new CopyOnWriteArrayList<>();
    final Map<String, Boolean> connected = new ConcurrentHashMap<>(Map.of(OTHER, true));

    @Override
    public Identity identity() {
      return new Identity(
          PublicKey.fromBase58("11111111111111111111111111111112"), Optional.of("12D3KooWSelf"));
    }

    @Override
    public List<Peer> peers() {
      return List.of(
          new Peer(
              OTHER,
              List.of("/ip4/192.0.2.9/tcp/2428"),
              "inbound",
              false,
              Optional.of("mero4j/0.1")));
    }

    @Override
    public NetworkStatus networkStatus() {
      return new NetworkStatus(
          true,
          List.of("/ip4/127.0.0.1/tcp/2428/p2p/12D3KooWSelf"),
          1,
          "private",
          List.of("/ip4/203.0.113.5/tcp/40000"),
          List.of("/ip4/198.51.100.1/tcp/4001/p2p/12D3KooWRelay/p2p-circuit"),
          12,
          2);
    }

    @Override
    public String connect(String address, Duration timeout) {
      dialled.add(address);
      timeouts.add(timeout);
      if (address.contains("/tcp/9")) {
        throw new PeerConnectionException(
            PeerConnectionException.Reason.UNREACHABLE, "connection refused at " + address);
      }
      if (address.contains("/udp/")) {
        throw new PeerConnectionException(
            PeerConnectionException.Reason.INVALID_ADDRESS, "unsupported protocol /udp");
      }
      connected.put(OTHER, true);
      return OTHER;
    }

    @Override
    public void disconnect(String peerId) {
      if (connected.remove(peerId) == null) {
        throw new PeerConnectionException(
            PeerConnectionException.Reason.NOT_CONNECTED, "not connected to " + peerId);
      }
    }
  }

  final FakeNode fake = new FakeNode();
  ApiServer server;

  private Api start(ApiServerConfig config) {
    FakeKvRuntime runtime = new FakeKvRuntime();
    server =
        new ApiServer(
            config,
            runtime.applications(),
            runtime.contexts(),
            fake,
            Clock.systemUTC(),
            new Random(42));
    URI url = server.start();
    server.setReady(true);
    return new Api(url);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void peersListDirectionRelayAndAgent() {
    JsonNode peer = start(ApiServerConfig.loopback(0)).get("/admin-api/peers").data().get("peers");
    assertThat(peer.get(0).get("peerId").asText()).isEqualTo(OTHER);
    assertThat(peer.get(0).get("direction").asText()).isEqualTo("inbound");
    assertThat(peer.get(0).get("relayed").asBoolean()).isFalse();
    assertThat(peer.get(0).get("agent").asText()).isEqualTo("mero4j/0.1");
  }

  @Test
  void networkStatusCarriesReachabilityAddressesAndTableSize() {
    JsonNode s = start(ApiServerConfig.loopback(0)).get("/admin-api/network/status").data();
    assertThat(s.get("reachability").asText()).isEqualTo("private");
    assertThat(s.get("observedAddresses").get(0).asText()).isEqualTo("/ip4/203.0.113.5/tcp/40000");
    assertThat(s.get("relayAddresses").get(0).asText()).endsWith("/p2p-circuit");
    assertThat(s.get("routingTableSize").asInt()).isEqualTo(12);
    assertThat(s.get("connections").asInt()).isEqualTo(2);
    assertThat(s.get("connectedPeers").asInt()).isEqualTo(1);
  }

  @Test
  void connectDialsWithTheDefaultOrGivenTimeout() {
    Api api = start(ApiServerConfig.loopback(0));
    String address = "/ip4/192.0.2.9/tcp/2428/p2p/" + OTHER;
    Api.Response ok = api.post("/admin-api/peers/connect", "{\"address\":\"" + address + "\"}");
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.data().get("peerId").asText()).isEqualTo(OTHER);
    api.post("/admin-api/peers/connect", "{\"address\":\"" + address + "\",\"timeoutMs\":2500}");
    assertThat(fake.dialled).containsExactly(address, address);
    assertThat(fake.timeouts).containsExactly(Duration.ofSeconds(10), Duration.ofMillis(2500));
  }

  @Test
  void junkAddressesAndTimeoutsAre400WithoutDialling() {
    Api api = start(ApiServerConfig.loopback(0));
    for (String body :
        List.of(
            "{\"address\":\"hello\"}",
            "{\"address\":\"\"}",
            "{}",
            "{\"address\":7}",
            "{\"address\":\"/" + "a".repeat(2000) + "\"}",
            "{\"address\":\"/ip4/1.2.3.4/tcp/1\",\"timeoutMs\":0}",
            "{\"address\":\"/ip4/1.2.3.4/tcp/1\",\"timeoutMs\":600001}",
            "{\"address\":\"/ip4/1.2.3.4/tcp/1\",\"timeoutMs\":\"soon\"}",
            "{\"address\":\"/ip4/1.2.3.4/tcp/1\",\"port\":1}",
            "[1]")) {
      Api.Response r = api.post("/admin-api/peers/connect", body);
      assertThat(r.status()).as(body).isEqualTo(400);
      assertThat(r.error().get("message").asText()).as(body).isNotBlank();
    }
    assertThat(fake.dialled).isEmpty();
    Api.Response junk = api.post("/admin-api/peers/connect", "{\"address\":\"hello\"}");
    assertThat(junk.error().get("message").asText()).contains("multiaddr").contains("hello");
  }

  @Test
  void nodeRefusalsMapToClearErrors() {
    Api api = start(ApiServerConfig.loopback(0));
    Api.Response unreachable =
        api.post("/admin-api/peers/connect", "{\"address\":\"/ip4/192.0.2.9/tcp/9\"}");
    assertThat(unreachable.status()).isEqualTo(503);
    assertThat(unreachable.error().get("data").get("reason").asText()).isEqualTo("UNREACHABLE");
    assertThat(unreachable.error().get("message").asText()).contains("connection refused");
    Api.Response unsupported =
        api.post("/admin-api/peers/connect", "{\"address\":\"/ip4/192.0.2.9/udp/1\"}");
    assertThat(unsupported.status()).isEqualTo(400);
    assertThat(unsupported.error().get("message").asText()).contains("/udp");
  }

  @Test
  void disconnectClosesAConnectedPeerAndIs404ForOthers() {
    Api api = start(ApiServerConfig.loopback(0));
    Api.Response ok = api.delete("/admin-api/peers/" + OTHER);
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.data().get("peerId").asText()).isEqualTo(OTHER);
    assertThat(fake.connected).isEmpty();
    Api.Response again = api.delete("/admin-api/peers/" + OTHER);
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.error().get("data").get("reason").asText()).isEqualTo("NOT_CONNECTED");
  }

  @Test
  void everyPeerRouteNeedsAnAdminToken() {
    AdminCredential admin =
        AdminCredential.create("admin", "pw-pw-pw-pw".toCharArray(), 1000, new SecureRandom());
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    Api anonymous =
        start(ApiServerConfig.loopback(0).withAuth(ApiServerConfig.AuthSettings.of(admin, secret)));
    assertThat(anonymous.get("/admin-api/peers").status()).isEqualTo(401);
    assertThat(anonymous.get("/admin-api/network/status").status()).isEqualTo(401);
    assertThat(
            anonymous
                .post("/admin-api/peers/connect", "{\"address\":\"/ip4/192.0.2.9/tcp/2428\"}")
                .status())
        .isEqualTo(401);
    assertThat(anonymous.delete("/admin-api/peers/" + OTHER).status()).isEqualTo(401);
    assertThat(fake.dialled).isEmpty();
    assertThat(fake.connected).containsKey(OTHER);
  }
}
