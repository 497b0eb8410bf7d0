package dev.mero4j.it.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes made by {@code mero4j init} on this machine: with the default config they find each
 * other by mDNS (multicast on the machine's LAN interface, looped back to itself); with mDNS off
 * the operator connects, lists and disconnects them with {@code mero4j peers} and reads {@code
 * mero4j network status}.
 */
class PeersProcessTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration DISCOVERY = Duration.ofSeconds(60);
  private static final Pattern PEER = Pattern.compile(" peer (12D3KooW\\S+)");

  @TempDir Path dir;

  private Path init(String name, boolean mdns) throws Exception {
    Path home = dir.resolve(name);
    NodeProcess.Result result =
        NodeProcess.run(
            "init",
            "--home",
            home.toString(),
            "--server-port",
            Integer.toString(freePort()),
            "--swarm-port",
            Integer.toString(freePort()));
    assertThat(result.exitCode()).as("init stderr %s", result.err()).isZero();
    assertThat(String.join("\n", result.out())).contains("discovery mDNS, DHT /mero4j/kad/1.0.0");
    String config = Files.readString(home.resolve("config.toml"));
    assertThat(config).contains("[discovery]").contains("mdns = true");
    assertThat(config).contains("listen = [\"/ip4/0.0.0.0/tcp/");
    if (!mdns) {
      Files.writeString(home.resolve("config.toml"), config.replace("mdns = true", "mdns = false"));
    }
    return home;
  }

  @Test
  void twoNodesInitialisedWithDefaultsFindEachOtherByMdns() throws Exception {
    assumeTrue(
        multicastInterface(),
        "no up, multicast-capable, non-loopback interface: mDNS has nothing to join here");
    Path a = init("a", true);
    Path b = init("b", true);
    try (NodeProcess na = NodeProcess.start("run", "--home", a.toString());
        NodeProcess nb = NodeProcess.start("run", "--home", b.toString())) {
      String peerA = peer(na.awaitReady());
      String peerB = peer(nb.awaitReady());
      await("A sees B through mDNS")
          .atMost(DISCOVERY)
          .until(() -> peerIds(a).toString().contains(peerB));
      await("B sees A").atMost(DISCOVERY).until(() -> peerIds(b).toString().contains(peerA));
    }
  }

  @Test
  void operatorsConnectListDisconnectAndReadTheNetworkStatus() throws Exception {
    Path a = init("a", false);
    Path b = init("b", false);
    try (NodeProcess na = NodeProcess.start("run", "--home", a.toString());
        NodeProcess nb = NodeProcess.start("run", "--home", b.toString())) {
      String peerA = peer(na.awaitReady());
      String readyB = nb.awaitReady();
      String peerB = peer(readyB);
      Matcher addressB =
          Pattern.compile("/ip4/127\\.0\\.0\\.1/tcp/\\d+/p2p/" + peerB).matcher(readyB);
      assertThat(addressB.find()).as(readyB).isTrue();
      assertThat(peerIds(a)).as("mDNS is off: nobody found").isEmpty();

      NodeProcess.Result junk = cli("peers", "connect", "hello", "--home", a.toString());
      assertThat(junk.exitCode()).isNotZero();
      assertThat(String.join("\n", junk.err())).contains("multiaddr").contains("hello");

      NodeProcess.Result connected =
          cli("peers", "connect", addressB.group(), "--home", a.toString());
      assertThat(connected.out()).containsExactly("connected " + peerB);
      String list = String.join("\n", cli("peers", "--home", a.toString()).out());
      assertThat(list).contains(peerB).contains("outbound").contains("direct").contains("mero4j");
      await().atMost(DISCOVERY).until(() -> peerIds(b).toString().contains(peerA));
      assertThat(String.join("\n", cli("peers", "--home", b.toString()).out())).contains("inbound");

      // AutoNAT: each node asks the other to dial it back, and each dial-back is a second
      // connection between them for a moment (the dialler aborts it at once); wait for it to go.
      await("only the operator's connection stays")
          .atMost(DISCOVERY)
          .until(
              () ->
                  json(cli("network", "status", "--json", "--home", a.toString()))
                          .path("connections")
                          .asInt()
                      == 1);
      JsonNode status = json(cli("network", "status", "--json", "--home", a.toString()));
      assertThat(status.path("reachability").asText()).isEqualTo("unknown");
      assertThat(status.path("listenAddresses").toString()).contains("/p2p/" + peerA);
      assertThat(status.path("relayAddresses")).isEmpty();
      await("A learns the address B saw it at (identify)")
          .atMost(DISCOVERY)
          .until(
              () ->
                  json(cli("network", "status", "--json", "--home", a.toString()))
                      .path("observedAddresses")
                      .toString()
                      .contains("/ip4/127.0.0.1/tcp/"));
      String text = String.join("\n", cli("network", "status", "--home", a.toString()).out());
      assertThat(text).contains("reachability  unknown").contains("connections   1 to 1 peers");

      assertThat(cli("peers", "disconnect", peerB, "--home", a.toString()).out())
          .containsExactly("disconnected " + peerB);
      await().atMost(DISCOVERY).until(() -> peerIds(a).isEmpty() && peerIds(b).isEmpty());
      NodeProcess.Result again = cli("peers", "disconnect", peerB, "--home", a.toString());
      assertThat(again.exitCode()).isNotZero();
      assertThat(String.join("\n", again.err())).contains("not connected");
    }
  }

  private static NodeProcess.Result cli(String... args) throws Exception {
    return NodeProcess.run(args);
  }

  private static JsonNode peerIds(Path home) throws Exception {
    NodeProcess.Result r = cli("peers", "--json", "--home", home.toString());
    assertThat(r.exitCode()).as("peers stderr %s", r.err()).isZero();
    return JSON.readTree(String.join("", r.out())).path("peers");
  }

  private static JsonNode json(NodeProcess.Result r) throws IOException {
    assertThat(r.exitCode()).as("stderr %s", r.err()).isZero();
    return JSON.readTree(String.join("", r.out()));
  }

  private static String peer(String ready) {
    Matcher m = PEER.matcher(ready);
    assertThat(m.find()).as(ready).isTrue();
    return m.group(1);
  }

  /** mDNS joins 224.0.0.251 on such interfaces only; the kernel loops the packets back to us. */
  private static boolean multicastInterface() throws SocketException {
    for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (nif.isUp() && nif.supportsMulticast() && !nif.isLoopback()) {
        return true;
      }
    }
    return false;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}
