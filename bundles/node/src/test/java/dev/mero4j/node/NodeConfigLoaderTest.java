package dev.mero4j.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.storage.api.StorageConfig.Durability;
import dev.mero4j.transport.api.DiscoveryOptions;
import org.junit.jupiter.api.Test;

class NodeConfigLoaderTest {
  @Test
  void emptyFileGivesDefaults() {
    assertThat(NodeConfigLoader.parse("", "config.toml")).isEqualTo(NodeConfig.defaults());
  }

  @Test
  void initTemplateParsesToTheValuesItShows() {
    String toml =
        NodeHome.DEFAULT_CONFIG
            .replace("%SERVER_PORT%", "3001")
            .replace("%SWARM_PORT%", "3002")
            .replace("%TRANSPORT%", "libp2p")
            .replace("%WASM_ENGINE%", "chicory");
    NodeConfig config = NodeConfigLoader.parse(toml, "config.toml");
    assertThat(config.server().port()).isEqualTo(3001);
    assertThat(config.swarm().listen()).containsExactly("/ip4/0.0.0.0/tcp/3002");
    assertThat(config.swarm().transport()).isEqualTo("libp2p");
    assertThat(config.runtime().wasmEngine()).isEqualTo("chicory");
    assertThat(config.storage().durability()).isEqualTo(Durability.PROCESS_CRASH);
    assertThat(config.discovery()).isEqualTo(DiscoveryOptions.DEFAULTS);
  }

  @Test
  void serverAllowedOriginsAndHostsAreRead() {
    NodeConfig.Server server =
        NodeConfigLoader.parse(
                "[server]\nallowed_origins = [\"http://localhost:3000\"]\n"
                    + "allowed_hosts = [\"node.example.org\"]\n",
                "x")
            .server();
    assertThat(server.allowedOrigins()).containsExactly("http://localhost:3000");
    assertThat(server.allowedHosts()).containsExactly("node.example.org");
    assertThat(NodeConfig.defaults().server().allowedOrigins()).isEmpty();
  }

  @Test
  void discoveryDefaultsToLanDhtAndNatTraversalWithoutRelayService() {
    DiscoveryOptions d = NodeConfigLoader.parse("[swarm]\nbootstrap = []\n", "x").discovery();
    assertThat(d.mdns()).isTrue();
    assertThat(d.dht()).isTrue();
    assertThat(d.dhtProtocol()).isEqualTo("/mero4j/kad/1.0.0");
    assertThat(d.relayService()).isFalse();
    assertThat(d.natTraversal()).isTrue();
  }

  @Test
  void discoveryKeysOverrideTheDefaultsOneByOne() {
    String toml =
        "[discovery]\nmdns = false\ndht_protocol = \"/ipfs/kad/1.0.0\"\nrelay_service = true\n";
    assertThat(NodeConfigLoader.parse(toml, "x").discovery())
        .isEqualTo(new DiscoveryOptions(false, true, "/ipfs/kad/1.0.0", true, true));
    assertThat(
            NodeConfigLoader.parse("[discovery]\ndht = false\nnat_traversal = false\n", "x")
                .discovery())
        .isEqualTo(new DiscoveryOptions(true, false, "/mero4j/kad/1.0.0", false, false));
  }

  @Test
  void badDiscoveryValuesNameTheKey() {
    assertThatThrownBy(() -> NodeConfigLoader.parse("[discovery]\nmdns = \"yes\"\n", "x.toml"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("discovery.mdns must be true or false, got \"yes\"");
    assertThatThrownBy(() -> NodeConfigLoader.parse("[discovery]\ndht = 1\n", "x.toml"))
        .hasMessageContaining("discovery.dht must be true or false");
    assertThatThrownBy(
            () -> NodeConfigLoader.parse("[discovery]\ndht_protocol = \"kad\"\n", "x.toml"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("discovery.dht_protocol must be a protocol id starting with '/'");
    assertThatThrownBy(() -> NodeConfigLoader.parse("[discovery]\ndht_protocol = 7\n", "x.toml"))
        .hasMessageContaining("discovery.dht_protocol must be a non-empty string");
    assertThatThrownBy(() -> NodeConfigLoader.parse("[discovery]\nrelay = true\n", "x.toml"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("unknown key 'discovery.relay'")
        .hasMessageContaining("dht, dht_protocol, mdns, nat_traversal, relay_service");
    assertThatThrownBy(() -> NodeConfigLoader.parse("discovery = true\n", "x.toml"))
        .hasMessageContaining("'discovery' must be a [discovery] table");
  }

  @Test
  void embeddedConfigsDiscoverNothingBeyondTheirBootstrapPeers() {
    NodeConfig d = NodeConfig.defaults();
    NodeConfig embedded =
        new NodeConfig(d.identity(), d.server(), d.swarm(), d.storage(), d.runtime());
    assertThat(embedded.discovery()).isEqualTo(DiscoveryOptions.NONE);
    assertThat(d.discovery()).isEqualTo(DiscoveryOptions.DEFAULTS);
  }

  @Test
  void unknownKeyIsNamedWithTheKnownOnes() {
    assertThatThrownBy(() -> NodeConfigLoader.parse("[server]\nprot = 1\n", "x.toml"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("unknown key 'server.prot'")
        .hasMessageContaining("host, port");
  }

  @Test
  void unknownSectionIsRejected() {
    assertThatThrownBy(() -> NodeConfigLoader.parse("[serverr]\nport = 1\n", "x.toml"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("unknown section [serverr]");
  }

  @Test
  void wrongTypeNamesTheKeyAndTheExpectedType() {
    assertThatThrownBy(() -> NodeConfigLoader.parse("[server]\nport = \"eighty\"\n", "x.toml"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("server.port must be a port number");
    assertThatThrownBy(() -> NodeConfigLoader.parse("[server]\nport = 70000\n", "x.toml"))
        .isInstanceOf(InvalidConfigException.class);
    assertThatThrownBy(
            () -> NodeConfigLoader.parse("[swarm]\nlisten = \"/ip4/1.2.3.4\"\n", "x.toml"))
        .hasMessageContaining("swarm.listen must be an array of strings");
  }

  @Test
  void brokenTomlReportsTheLine() {
    assertThatThrownBy(() -> NodeConfigLoader.parse("[server]\nport = = 3\n", "x.toml"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("x.toml is not valid TOML (line 2");
  }

  @Test
  void durabilityAcceptsOnlyKnownWords() {
    assertThat(
            NodeConfigLoader.parse("[storage]\ndurability = \"machine\"\n", "x")
                .storage()
                .durability())
        .isEqualTo(Durability.MACHINE_CRASH);
    assertThatThrownBy(() -> NodeConfigLoader.parse("[storage]\ndurability = \"disk\"\n", "x"))
        .hasMessageContaining("storage.durability must be");
  }
}
