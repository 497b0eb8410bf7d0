package dev.mero4j.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.primitives.KeyPair;
import dev.mero4j.runtime.api.InvalidApplicationException;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import dev.mero4j.storage.memory.MemoryStorageProvider;
import dev.mero4j.transport.libp2p.Libp2pTransportProvider;
import dev.mero4j.wasm.chicory.ChicoryWasmEngine;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Mero4jNodeTest {
  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private final ProviderSet memory =
      new ProviderSet(Map.of("memory", new MemoryStorageProvider()), Map.of(), Map.of());

  private NodeHome home(int serverPort) throws Exception {
    NodeHome home =
        NodeHome.init(
            dir, new NodeHome.InitOptions(1, serverPort, "none", "none", true), new SecureRandom());
    String config =
        Files.readString(home.configFile())
            .replace("provider = \"mapdb\"", "provider = \"memory\"");
    Files.writeString(home.configFile(), config);
    return home;
  }

  private Mero4jNode node(NodeHome home) {
    NodeConfig config = home.loadConfig();
    return new Mero4jNode(home, config, home.loadIdentity(config), memory);
  }

  @Test
  void startedNodeServesHealthReadinessAndIdentity() throws Exception {
    NodeHome home = home(0);
    try (Mero4jNode node = node(home)) {
      NodeStatus status = node.start();
      String base = status.addresses().get(0);
      assertThat(base).startsWith("http://127.0.0.1:");
      assertThat(get(base + "/admin-api/health")).contains("\"status\":\"alive\"");
      assertThat(get(base + "/admin-api/ready")).contains("\"ready\":true");
      assertThat(get(base + "/admin-api/identity")).contains(status.publicKey());
      assertThat(status.providers())
          .containsEntry("storage", "memory")
          .containsEntry("transport", "none");
      assertThat(status.readyLine(java.time.Duration.ofMillis(42)))
          .startsWith("Mero4j node ready in 42 ms")
          .contains(base)
          .contains("storage=memory");
    }
  }

  @Test
  void aNodeOnAWildcardSwarmAddressPrintsDialableAddressesWithItsPeerId() throws Exception {
    NodeHome home = home(0);
    NodeConfig config = home.loadConfig();
    NodeConfig wildcard =
        new NodeConfig(
            config.identity(),
            config.server(),
            new NodeConfig.Swarm("libp2p", List.of("/ip4/0.0.0.0/tcp/0"), List.of()),
            config.storage(),
            new NodeConfig.Runtime("chicory"));
    ProviderSet providers =
        new ProviderSet(
            Map.of("memory", new MemoryStorageProvider()),
            Map.of("libp2p", new Libp2pTransportProvider()),
            Map.of("chicory", new ChicoryWasmEngine()));
    try (Mero4jNode node = new Mero4jNode(home, wildcard, home.loadIdentity(config), providers)) {
      NodeStatus status = node.start();
      String ready = status.readyLine(java.time.Duration.ofMillis(42));
      assertThat(ready)
          .doesNotContain("0.0.0.0")
          .containsPattern("/ip4/127\\.0\\.0\\.1/tcp/[1-9][0-9]*/p2p/" + status.peerId() + " ");
      assertThat(status.addresses().subList(1, status.addresses().size()))
          .isNotEmpty()
          .allMatch(a -> a.endsWith("/p2p/" + status.peerId()));
      String network = get(status.addresses().get(0) + "/admin-api/network/status");
      assertThat(network)
          .doesNotContain("0.0.0.0")
          .contains("/ip4/127.0.0.1/tcp/")
          .contains("/p2p/" + status.peerId());
    }
  }

  @Test
  void nodeWithAWasmEngineRunsTheApplicationRuntime() throws Exception {
    NodeHome home = home(0);
    NodeConfig config = home.loadConfig();
    NodeConfig withEngine =
        new NodeConfig(
            config.identity(),
            config.server(),
            config.swarm(),
            config.storage(),
            new NodeConfig.Runtime("chicory"));
    ProviderSet providers =
        new ProviderSet(
            Map.of("memory", new MemoryStorageProvider()),
            Map.of(),
            Map.of("chicory", new ChicoryWasmEngine()));
    try (Mero4jNode node = new Mero4jNode(home, withEngine, home.loadIdentity(config), providers)) {
      NodeStatus status = node.start();
      assertThat(status.providers()).containsEntry("wasm", "chicory");
      assertThat(node.contexts()).isPresent();
      String base = status.addresses().get(0);
      assertThat(get(base + "/admin-api/health")).contains("alive");
      HttpResponse<String> rpc =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/jsonrpc"))
                  .POST(HttpRequest.BodyPublishers.ofString("{not json"))
                  .header("Content-Type", "application/json")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(rpc.body())
          .as("the full client API runs when the node runs apps")
          .contains("ParseError");
      assertThat(node.applications().orElseThrow().list()).isEmpty();
      assertThatThrownBy(() -> node.applications().orElseThrow().install(new byte[] {1}, "x"))
          .isInstanceOf(InvalidApplicationException.class);
    }
    try (Mero4jNode plain = node(home)) {
      plain.start();
      assertThat(plain.contexts()).isEmpty();
    }
  }

  @Test
  void unknownRouteIsAJsonNotFound() throws Exception {
    try (Mero4jNode node = node(home(0))) {
      String base = node.start().addresses().get(0);
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/nope")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(response.body()).contains("\"type\":\"NotFound\"");
    }
  }

  @Test
  void portInUseIsATypedErrorAndReleasesStorage() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Mero4jNode node = node(home(taken.getLocalPort()));
      assertThatThrownBy(node::start)
          .isInstanceOf(PortInUseException.class)
          .hasMessageContaining("server port " + taken.getLocalPort())
          .hasMessageContaining("already in use");
      assertThat(node.status()).isEmpty();
      assertThatThrownBy(node::storage).isInstanceOf(NodeException.class);
    }
  }

  @Test
  void missingProviderListsWhatIsDeployed() throws Exception {
    NodeHome home = home(0);
    NodeConfig config = home.loadConfig();
    NodeConfig wantsMapDb =
        new NodeConfig(
            config.identity(),
            config.server(),
            config.swarm(),
            new NodeConfig.Storage("mapdb", "data", config.storage().durability()),
            config.runtime());
    Mero4jNode node = new Mero4jNode(home, wantsMapDb, home.loadIdentity(config), memory);
    assertThatThrownBy(node::start)
        .isInstanceOf(ProviderMissingException.class)
        .hasMessage("storage provider 'mapdb' is not deployed in this node (deployed: memory)");
  }

  @Test
  void storageOfAnotherIdentityIsRefused() throws Exception {
    NodeHome home = home(0);
    NodeConfig config = home.loadConfig();
    ProviderSet shared =
        new ProviderSet(Map.of("mapdb", new MapDbStorageProvider()), Map.of(), Map.of());
    config =
        new NodeConfig(
            config.identity(),
            config.server(),
            config.swarm(),
            new NodeConfig.Storage("mapdb", "data", config.storage().durability()),
            config.runtime());
    try (Mero4jNode first = new Mero4jNode(home, config, home.loadIdentity(config), shared)) {
      first.start();
      first.close();
      KeyPair stranger = KeyPair.fromSeed(new byte[32]);
      Mero4jNode second = new Mero4jNode(home, config, stranger, shared);
      assertThatThrownBy(second::start)
          .isInstanceOf(InvalidHomeException.class)
          .hasMessageContaining("belongs to another identity");
    }
  }

  private String get(String url) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    return response.body();
  }
}
