package dev.mero4j.cli.internal;

import dev.mero4j.node.NodeConfig;
import dev.mero4j.node.NodeConfigLoader;
import dev.mero4j.node.NodeHome;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes an assembled node: {@code bin/mero4j}, {@code lib/} (launcher and bundles), {@code
 * config/default.assembly} and {@code config/node.toml}.
 */
final class NodeDirectory {
  /** The resource listing the launcher's class path, written by the build. */
  static final String LAUNCHER_CLASSPATH = "launcher.classpath";

  private final Path out;
  private final PrintWriter progress;

  NodeDirectory(Path out, PrintWriter progress) {
    this.out = out;
    this.progress = progress;
  }

  /** The jars {@code bin/mero4j} needs on its class path, found in {@code lib}. */
  static List<Path> launcherJars(Path lib) {
    String listing;
    try (InputStream in = NodeDirectory.class.getResourceAsStream(LAUNCHER_CLASSPATH)) {
      if (in == null) {
        throw new LaunchException(
            "this mero4j-cli jar has no " + LAUNCHER_CLASSPATH + "; rebuild it with Maven");
      }
      listing = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Path> jars = new ArrayList<>();
    jars.add(lib.resolve("mero4j-cli.jar"));
    for (String entry : listing.strip().split(",", -1)) {
      // Jars the distribution leaves out (annotation-only dependencies) are not needed at run time.
      Path jar = lib.resolve(Path.of(entry.strip()).getFileName().toString());
      if (Files.isRegularFile(jar)) {
        jars.add(jar);
      }
    }
    if (!Files.isRegularFile(jars.get(0))) {
      throw new LaunchException(
          "mero4j-cli.jar is not in " + lib + "; is this a Mero4j distribution?");
    }
    return jars;
  }

  /** The documented node config with the assembly's provider choices and the given ports. */
  static String nodeToml(Map<String, String> providers, int serverPort, int swarmPort) {
    String storage = providers.get("storage");
    String config =
        NodeHome.DEFAULT_CONFIG
            .replace("%SERVER_PORT%", Integer.toString(serverPort))
            .replace("%SWARM_PORT%", Integer.toString(swarmPort))
            .replace("%TRANSPORT%", providers.getOrDefault("transport", NodeConfig.NONE))
            .replace("%WASM_ENGINE%", providers.getOrDefault("wasm", NodeConfig.NONE))
            .replace("provider = \"mapdb\"", "provider = \"" + storage + "\"");
    NodeConfig parsed = NodeConfigLoader.parse(config, "node.toml");
    if (!parsed.storage().provider().equals(storage)) {
      throw new LaunchException(
          "cannot set the storage provider in the node config template; expected " + storage);
    }
    return config;
  }

  /** Writes the whole directory; {@code jars} maps each file name in {@code lib/} to its source. */
  void write(Map<String, Path> jars, String assembly, String nodeToml) {
    try {
      Path lib = Files.createDirectories(out.resolve("lib"));
      Path bin = Files.createDirectories(out.resolve("bin"));
      Path config = Files.createDirectories(out.resolve("config"));
      long total = 0;
      for (Path jar : jars.values()) {
        total += Files.size(jar);
      }
      progress.printf("Copying %d jars (%.1f MB) to %s%n", jars.size(), total / 1e6, lib);
      int done = 0;
      long copied = 0;
      for (Map.Entry<String, Path> jar : jars.entrySet()) {
        Files.copy(jar.getValue(), lib.resolve(jar.getKey()), StandardCopyOption.REPLACE_EXISTING);
        copied += Files.size(jar.getValue());
        done++;
        progress.printf(
            "  [%3d/%d] %3d%%  %s%n",
            done, jars.size(), total == 0 ? 100 : copied * 100 / total, jar.getKey());
        progress.flush();
      }
      Files.writeString(config.resolve("default.assembly"), assembly);
      Files.writeString(config.resolve("node.toml"), nodeToml);
      Path script = bin.resolve("mero4j");
      try (InputStream in = NodeDirectory.class.getResourceAsStream("assembled-mero4j.sh")) {
        Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
      }
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new LaunchException(
          "cannot write the node directory " + out + ": " + e.getMessage(), e);
    }
  }
}
