package dev.mero4j.node;

import dev.mero4j.storage.api.StorageConfig.Durability;
import dev.mero4j.transport.api.DiscoveryOptions;
import java.util.List;
import java.util.Objects;

/**
 * The typed contents of a node's {@code config.toml}; see {@link NodeConfigLoader} for the file
 * format and {@link NodeHome#DEFAULT_CONFIG} for the documented template.
 */
public record NodeConfig(
    Identity identity,
    Server server,
    Swarm swarm,
    Storage storage,
    Runtime runtime,
    DiscoveryOptions discovery) {

  /** Default HTTP port of the client API, as in Calimero. */
  public static final int DEFAULT_SERVER_PORT = 2528;

  /** Default peer-to-peer port, as in Calimero. */
  public static final int DEFAULT_SWARM_PORT = 2428;

  /** Provider name meaning "no provider": the node runs without that capability. */
  public static final String NONE = "none";

  public NodeConfig {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(swarm, "swarm");
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(runtime, "runtime");
    Objects.requireNonNull(discovery, "discovery");
  }

  /**
   * A config whose transport knows only its bootstrap peers ({@link DiscoveryOptions#NONE}), as
   * embedded nodes and tests want; a {@code config.toml} without a {@code [discovery]} table gets
   * {@link DiscoveryOptions#DEFAULTS} instead.
   */
  public NodeConfig(
      Identity identity, Server server, Swarm swarm, Storage storage, Runtime runtime) {
    this(identity, server, swarm, storage, runtime, DiscoveryOptions.NONE);
  }

  /** The configuration used when every key is left at its default. */
  public static NodeConfig defaults() {
    return new NodeConfig(
        new Identity("identity.key"),
        new Server("127.0.0.1", DEFAULT_SERVER_PORT),
        new Swarm(NONE, List.of("/ip4/0.0.0.0/tcp/" + DEFAULT_SWARM_PORT), List.of()),
        new Storage("mapdb", "data", Durability.PROCESS_CRASH),
        new Runtime(NONE),
        DiscoveryOptions.DEFAULTS);
  }

  /** Where the node's Ed25519 key lives, relative to the home directory. */
  public record Identity(String keyFile) {}

  /** The client API listener, and the web origins and host names it accepts beyond its own. */
  public record Server(
      String host, int port, List<String> allowedOrigins, List<String> allowedHosts) {
    public Server {
      allowedOrigins = List.copyOf(allowedOrigins);
      allowedHosts = List.copyOf(allowedHosts);
    }

    public Server(String host, int port) {
      this(host, port, List.of(), List.of());
    }
  }

  /** The peer-to-peer transport, its listen multiaddrs and the peers dialled at start. */
  public record Swarm(String transport, List<String> listen, List<String> bootstrap) {
    public Swarm {
      listen = List.copyOf(listen);
      bootstrap = List.copyOf(bootstrap);
    }

    public boolean enabled() {
      return !NONE.equals(transport);
    }
  }

  /** The storage provider and where it keeps its files, relative to the home directory. */
  public record Storage(String provider, String directory, Durability durability) {}

  /** The WASM engine that runs applications. */
  @SuppressWarnings("JavaLangClash") // named after the [runtime] table of config.toml
  public record Runtime(String wasmEngine) {
    public boolean enabled() {
      return !NONE.equals(wasmEngine);
    }
  }
}
