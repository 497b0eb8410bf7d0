package dev.mero4j.node;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.mero4j.storage.api.StorageConfig.Durability;
import dev.mero4j.transport.api.DiscoveryOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads {@code config.toml} strictly: every key is optional and defaults as in {@link
 * NodeConfig#defaults()}, but an unknown section or key, or a value of the wrong type, is an {@link
 * InvalidConfigException} that names the key.
 */
public final class NodeConfigLoader {
  /** Largest config file accepted; a config is a few hundred bytes. */
  public static final long MAX_CONFIG_BYTES = 1 << 20;

  private static final Map<String, Set<String>> KNOWN_KEYS =
      Map.of(
          "identity", Set.of("key_file"),
          "server", Set.of("host", "port", "allowed_origins", "allowed_hosts"),
          "swarm", Set.of("transport", "listen", "bootstrap"),
          "storage", Set.of("provider", "directory", "durability"),
          "runtime", Set.of("wasm_engine"),
          "discovery", Set.of("mdns", "dht", "dht_protocol", "relay_service", "nat_traversal"));

  private NodeConfigLoader() {}

  /** Loads and validates the config file at {@code file}. */
  public static NodeConfig load(Path file) {
    try {
      if (Files.size(file) > MAX_CONFIG_BYTES) {
        throw new InvalidConfigException(file + " is larger than " + MAX_CONFIG_BYTES + " bytes");
      }
      return parse(Files.readString(file), file.toString());
    } catch (NoSuchFileException e) {
      throw new InvalidConfigException("config file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new InvalidConfigException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Parses TOML text; {@code source} names the file in error messages. */
  public static NodeConfig parse(String toml, String source) {
    JsonNode root;
    try {
      root = new TomlMapper().readTree(toml);
    } catch (JacksonException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
      throw new InvalidConfigException(
          source + " is not valid TOML" + where + ": " + e.getOriginalMessage(), e);
    }
    checkKnownKeys(root, source);
    NodeConfig d = NodeConfig.defaults();
    Section id = new Section(root, "identity", source);
    Section server = new Section(root, "server", source);
    Section swarm = new Section(root, "swarm", source);
    Section storage = new Section(root, "storage", source);
    Section runtime = new Section(root, "runtime", source);
    Section discovery = new Section(root, "discovery", source);
    return new NodeConfig(
        new NodeConfig.Identity(id.string("key_file", d.identity().keyFile())),
        new NodeConfig.Server(
            server.string("host", d.server().host()),
            server.port("port", d.server().port()),
            server.strings("allowed_origins", List.of()),
            server.strings("allowed_hosts", List.of())),
        new NodeConfig.Swarm(
            swarm.string("transport", d.swarm().transport()),
            swarm.strings("listen", d.swarm().listen()),
            swarm.strings("bootstrap", d.swarm().bootstrap())),
        new NodeConfig.Storage(
            storage.string("provider", d.storage().provider()),
            storage.string("directory", d.storage().directory()),
            durability(storage.string("durability", "process"), source)),
        new NodeConfig.Runtime(runtime.string("wasm_engine", d.runtime().wasmEngine())),
        discovery(discovery, d.discovery()));
  }

  private static DiscoveryOptions discovery(Section section, DiscoveryOptions d) {
    String protocol = section.string("dht_protocol", d.dhtProtocol());
    if (!protocol.startsWith("/")) {
      throw section.wrongType("dht_protocol", "a protocol id starting with '/'");
    }
    return new DiscoveryOptions(
        section.bool("mdns", d.mdns()),
        section.bool("dht", d.dht()),
        protocol,
        section.bool("relay_service", d.relayService()),
        section.bool("nat_traversal", d.natTraversal()));
  }

  private static void checkKnownKeys(JsonNode root, String source) {
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String section = it.next();
      Set<String> keys = KNOWN_KEYS.get(section);
      if (keys == null) {
        throw new InvalidConfigException(
            source
                + ": unknown section ["
                + section
                + "] (known: "
                + new TreeSet<>(KNOWN_KEYS.keySet())
                + ")");
      }
      JsonNode table = root.get(section);
      if (!table.isObject()) {
        throw new InvalidConfigException(
            source + ": '" + section + "' must be a [" + section + "] table");
      }
      for (Iterator<String> keyIt = table.fieldNames(); keyIt.hasNext(); ) {
        String key = keyIt.next();
        if (!keys.contains(key)) {
          throw new InvalidConfigException(
              source
                  + ": unknown key '"
                  + section
                  + "."
                  + key
                  + "' (known keys in ["
                  + section
                  + "]: "
                  + String.join(", ", new TreeSet<>(keys))
                  + ")");
        }
      }
    }
  }

  private static Durability durability(String value, String source) {
    return switch (value) {
      case "process" -> Durability.PROCESS_CRASH;
      case "machine" -> Durability.MACHINE_CRASH;
      default ->
          throw new InvalidConfigException(
              source
                  + ": storage.durability must be \"process\" or \"machine\", not \""
                  + value
                  + "\"");
    };
  }

  /** Typed access to one table of the config with key-naming errors. */
  private static final class Section {
    private final JsonNode table;
    private final String name;
    private final String source;

    Section(JsonNode root, String name, String source) {
      this.table = root.get(name);
      this.name = name;
      this.source = source;
    }

    String string(String key, String fallback) {
      JsonNode value = table == null ? null : table.get(key);
      if (value == null) {
        return fallback;
      }
      if (!value.isTextual() || value.asText().isBlank()) {
        throw wrongType(key, "a non-empty string");
      }
      return value.asText();
    }

    boolean bool(String key, boolean fallback) {
      JsonNode value = table == null ? null : table.get(key);
      if (value == null) {
        return fallback;
      }
      if (!value.isBoolean()) {
        throw wrongType(key, "true or false");
      }
      return value.asBoolean();
    }

    int port(String key, int fallback) {
      JsonNode value = table == null ? null : table.get(key);
      if (value == null) {
        return fallback;
      }
      if (!value.isIntegralNumber() || value.asLong() < 0 || value.asLong() > 65535) {
        throw wrongType(key, "a port number between 0 and 65535");
      }
      return value.asInt();
    }

    List<String> strings(String key, List<String> fallback) {
      JsonNode value = table == null ? null : table.get(key);
      if (value == null) {
        return fallback;
      }
      if (!value.isArray()) {
        throw wrongType(key, "an array of strings");
      }
      List<String> out = new ArrayList<>();
      for (JsonNode item : value) {
        if (!item.isTextual()) {
          throw wrongType(key, "an array of strings");
        }
        out.add(item.asText());
      }
      return out;
    }

    private InvalidConfigException wrongType(String key, String expected) {
      return new InvalidConfigException(
          source + ": " + name + "." + key + " must be " + expected + ", got " + table.get(key));
    }
  }
}
