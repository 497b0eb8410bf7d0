package dev.mero4j.node;

import dev.mero4j.primitives.KeyPair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * A node's home directory: {@code config.toml}, the identity key and the data directories.
 *
 * <pre>
 * HOME/
 *   config.toml      documented configuration (see DEFAULT_CONFIG)
 *   identity.key     Ed25519 node key, mode 0600
 *   data/            storage provider files
 * </pre>
 */
public final class NodeHome {
  /** Name of the configuration file inside a home. */
  public static final String CONFIG_FILE = "config.toml";

  /** The documented configuration written by {@code mero4j init}; placeholders are filled in. */
  public static final String DEFAULT_CONFIG =
      """
      # Mero4j node configuration (TOML). Every key is optional; the values shown are
      # what `mero4j init` chose. Unknown keys are rejected so typos cannot go unnoticed.

      [identity]
      # Ed25519 node key, relative to this directory. Created by `mero4j init` with mode 0600.
      # The public key is the node's identity; its libp2p form is the peer id.
      key_file = "identity.key"

      [server]
      # Client API (JSON-RPC, admin REST, WebSocket, SSE). Bound to loopback by default.
      host = "127.0.0.1"
      port = %SERVER_PORT%
      # Web pages on these origins (besides the node's own) may call the API, e.g.
      # ["http://localhost:3000"]; pages on any other origin are refused.
      allowed_origins = []
      # Host names clients may use besides localhost, 127.0.0.1, [::1] and the address above;
      # any other Host header is refused (DNS rebinding), e.g. ["node.example.org"].
      allowed_hosts = []

      [swarm]
      # Peer-to-peer transport provider: "libp2p", or "none" to run offline.
      transport = "%TRANSPORT%"
      # Multiaddrs to listen on; 0.0.0.0 is every interface (the ready line lists each address).
      listen = ["/ip4/0.0.0.0/tcp/%SWARM_PORT%"]
      # Peers dialled at start, as multiaddrs ending in /p2p/<peer id>.
      bootstrap = []

      [discovery]
      # How the node finds peers beyond [swarm] bootstrap.
      # Announce and discover nodes on the local network (multicast DNS, UDP 5353).
      mdns = true
      # Run the Kademlia DHT: find the other members of a context without bootstrap addresses.
      dht = true
      # The DHT's protocol id. "/mero4j/kad/1.0.0" keeps Mero4j nodes in their own network;
      # "/ipfs/kad/1.0.0" joins the public libp2p DHT.
      dht_protocol = "/mero4j/kad/1.0.0"
      # Serve as a circuit relay (v2) for nodes that cannot be dialled, within fixed limits.
      relay_service = false
      # Probe reachability (AutoNAT), reserve slots on connected relays while not publicly
      # reachable, and upgrade relayed connections to direct ones (hole punching).
      nat_traversal = true

      [storage]
      # Storage provider: "mapdb" (durable, the default) or "memory" (loses everything on exit).
      provider = "mapdb"
      # Directory of the provider's files, relative to this directory.
      directory = "data"
      # "process": an acknowledged write survives kill -9.
      # "machine": every commit is also fsynced, surviving power loss, at a cost in throughput.
      durability = "process"

      [runtime]
      # WASM engine that runs applications: "chicory", "wasmtime", or "none".
      wasm_engine = "%WASM_ENGINE%"
      """;

  private final Path directory;

  private NodeHome(Path directory) {
    this.directory = directory.toAbsolutePath().normalize();
  }

  /** Opens an existing home, checking that its config and identity exist. */
  public static NodeHome open(Path directory) {
    NodeHome home = new NodeHome(directory);
    if (!Files.isDirectory(home.directory)) {
      throw new InvalidHomeException(
          "no Mero4j home at "
              + home.directory
              + "; create one with: mero4j init --home "
              + directory);
    }
    if (!Files.isRegularFile(home.configFile())) {
      throw new InvalidHomeException(
          home.directory
              + " is not a Mero4j home: "
              + CONFIG_FILE
              + " is missing; create one with: mero4j init --home "
              + directory);
    }
    return home;
  }

  /** Settings chosen at init time. */
  public record InitOptions(
      int swarmPort, int serverPort, String transport, String wasmEngine, boolean force) {}

  /**
   * Creates a home: config, identity key (0600) and data directory. Refuses to touch an existing
   * home unless {@code options.force()}.
   */
  public static NodeHome init(Path directory, InitOptions options, SecureRandom random) {
    NodeHome home = new NodeHome(directory);
    if (Files.exists(home.configFile()) && !options.force()) {
      throw new InvalidHomeException(
          home.directory
              + " already holds a Mero4j home; pass --force to overwrite its config and identity");
    }
    try {
      Files.createDirectories(home.directory);
      String config =
          DEFAULT_CONFIG
              .replace("%SERVER_PORT%", Integer.toString(options.serverPort()))
              .replace("%SWARM_PORT%", Integer.toString(options.swarmPort()))
              .replace("%TRANSPORT%", options.transport())
              .replace("%WASM_ENGINE%", options.wasmEngine());
      Files.writeString(home.configFile(), config);
      NodeConfig parsed = NodeConfigLoader.parse(config, home.configFile().toString());
      NodeIdentity.create(home.resolve(parsed.identity().keyFile()), KeyPairs.generate(random));
      Files.createDirectories(home.resolve(parsed.storage().directory()));
    } catch (IOException e) {
      throw new InvalidHomeException(
          "cannot create home at " + home.directory + ": " + e.getMessage(), e);
    }
    return home;
  }

  public Path directory() {
    return directory;
  }

  public Path configFile() {
    return directory.resolve(CONFIG_FILE);
  }

  /** Resolves a path from the config against this home. */
  public Path resolve(String relative) {
    return directory.resolve(relative).normalize();
  }

  /**
   * Records in {@code config.toml} that {@code section.key} is now {@code value} (a provider
   * swapped while the node ran), so the next start opens the same provider. The file is replaced
   * atomically; the rest of it, comments included, is kept.
   */
  public void recordProvider(String section, String key, String value) {
    record(section + "." + key, text -> ConfigEdit.set(text, section, key, value));
  }

  /**
   * Names the transport provider and its listen multiaddrs in {@code [swarm]} of {@code
   * config.toml}, both in one atomic replacement of the file (a live transport swap).
   *
   * @throws InvalidHomeException when the file cannot be rewritten, or the edit would not parse (a
   *     {@code listen} array spread over several lines is not edited)
   */
  public void recordTransport(String provider, java.util.List<String> listen) {
    String array =
        listen.stream()
            .map(address -> "\"" + address + "\"")
            .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    record(
        "swarm.transport and swarm.listen",
        text ->
            ConfigEdit.setRaw(
                ConfigEdit.set(text, "swarm", "transport", provider), "swarm", "listen", array));
  }

  private void record(String what, java.util.function.UnaryOperator<String> edit) {
    try {
      String text = Files.readString(configFile());
      String updated = edit.apply(text);
      NodeConfigLoader.parse(updated, configFile().toString());
      Path temporary = directory.resolve(CONFIG_FILE + ".swap");
      Files.writeString(temporary, updated);
      Files.move(
          temporary,
          configFile(),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new InvalidHomeException(
          "cannot record " + what + " in " + configFile() + ": " + e.getMessage(), e);
    }
  }

  public NodeConfig loadConfig() {
    return NodeConfigLoader.load(configFile());
  }

  public KeyPair loadIdentity(NodeConfig config) {
    return NodeIdentity.load(resolve(config.identity().keyFile()));
  }

  /** A line-level edit of one string key of a TOML section. */
  static final class ConfigEdit {
    private ConfigEdit() {}

    static String set(String text, String section, String key, String value) {
      return setRaw(text, section, key, "\"" + value + "\"");
    }

    /** Sets {@code key} to a TOML value written as given (an array, a number). */
    static String setRaw(String text, String section, String key, String value) {
      String line = key + " = " + value;
      java.util.List<String> lines =
          new java.util.ArrayList<>(java.util.Arrays.asList(text.split("\n", -1)));
      int header = -1;
      for (int i = 0; i < lines.size(); i++) {
        String trimmed = lines.get(i).trim();
        if (trimmed.equals("[" + section + "]")) {
          header = i;
        } else if (header >= 0 && trimmed.startsWith("[")) {
          break;
        } else if (header >= 0 && trimmed.matches(java.util.regex.Pattern.quote(key) + "\\s*=.*")) {
          lines.set(i, line);
          return String.join("\n", lines);
        }
      }
      if (header < 0) {
        return text + (text.endsWith("\n") ? "" : "\n") + "\n[" + section + "]\n" + line + "\n";
      }
      lines.add(header + 1, line);
      return String.join("\n", lines);
    }
  }

  /** Key generation kept apart so the randomness source is always injected. */
  private static final class KeyPairs {
    static KeyPair generate(SecureRandom random) {
      byte[] seed = new byte[32];
      random.nextBytes(seed);
      return KeyPair.fromSeed(seed);
    }
  }
}
