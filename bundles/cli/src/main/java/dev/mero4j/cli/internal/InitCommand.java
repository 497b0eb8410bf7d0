package dev.mero4j.cli.internal;

import dev.mero4j.node.NodeConfig;
import dev.mero4j.node.NodeHome;
import dev.mero4j.node.ProviderSet;
import dev.mero4j.server.AuthFile;
import dev.mero4j.transport.api.DiscoveryOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mero4j init}: creates a node home. */
@Command(
    name = "init",
    description =
        "Create a node home: a documented config.toml, an Ed25519 identity (mode 0600) and data directories.",
    mixinStandardHelpOptions = true)
public final class InitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--home", required = true, description = "Directory of the node home to create.")
  Path home;

  @Option(
      names = "--swarm-port",
      defaultValue = "" + NodeConfig.DEFAULT_SWARM_PORT,
      description = "Peer-to-peer TCP port (default: ${DEFAULT-VALUE}).")
  int swarmPort;

  @Option(
      names = "--server-port",
      defaultValue = "" + NodeConfig.DEFAULT_SERVER_PORT,
      description = "Client API port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
  int serverPort;

  @Option(names = "--force", description = "Overwrite the config and identity of an existing home.")
  boolean force;

  @Option(
      names = "--admin-user",
      defaultValue = "admin",
      description = "Admin user of the client API (default: ${DEFAULT-VALUE}).")
  String adminUser;

  @Option(
      names = "--admin-password-file",
      description = "File holding the admin password (8-128 characters); turns client API auth on.")
  Path adminPasswordFile;

  @Option(
      names = "--admin-password-stdin",
      description = "Read the admin password from standard input; turns client API auth on.")
  boolean adminPasswordStdin;

  @Override
  public Integer call() {
    checkPort("--swarm-port", swarmPort);
    checkPort("--server-port", serverPort);
    ProviderSet deployed = ProviderSet.fromServiceLoader(InitCommand.class.getClassLoader());
    String transport = deployed.transports().containsKey("libp2p") ? "libp2p" : NodeConfig.NONE;
    String engine = deployed.wasmEngines().containsKey("chicory") ? "chicory" : NodeConfig.NONE;
    NodeHome created =
        NodeHome.init(
            home,
            new NodeHome.InitOptions(swarmPort, serverPort, transport, engine, force),
            new SecureRandom());
    NodeConfig config = created.loadConfig();
    boolean auth = writeAdminCredential(created);
    PrintWriter out = spec.commandLine().getOut();
    out.println("Initialized Mero4j home at " + created.directory());
    out.println("  identity  " + created.loadIdentity(config).publicKey());
    out.println("  config    " + created.configFile());
    out.println("  server    http://" + config.server().host() + ":" + config.server().port());
    out.println(
        "  swarm     "
            + (config.swarm().enabled()
                ? String.join(" ", config.swarm().listen())
                : "offline (no transport deployed)"));
    if (config.swarm().enabled()) {
      out.println("  discovery " + describe(config.discovery()));
    }
    out.println(
        "  api auth  "
            + (auth
                ? "on (admin user "
                    + adminUser
                    + ", "
                    + created.directory().resolve(AuthFile.FILE_NAME)
                    + ")"
                : "off (loopback only; set an admin with --admin-password-file to turn it on)"));
    out.println("Start it with: mero4j run --home " + home);
    return 0;
  }

  /** The discovery switches that are on, as one line. */
  static String describe(DiscoveryOptions d) {
    List<String> on = new ArrayList<>();
    if (d.mdns()) {
      on.add("mDNS");
    }
    if (d.dht()) {
      on.add("DHT " + d.dhtProtocol());
    }
    if (d.natTraversal()) {
      on.add("NAT traversal");
    }
    if (d.relayService()) {
      on.add("relay service");
    }
    return on.isEmpty() ? "bootstrap peers only" : String.join(", ", on);
  }

  /** Writes auth.json (mode 0600) when a password was given; returns whether auth is on. */
  private boolean writeAdminCredential(NodeHome created) {
    if (adminPasswordFile == null && !adminPasswordStdin) {
      return false;
    }
    char[] password;
    try {
      String text =
          adminPasswordStdin
              ? new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
              : java.nio.file.Files.readString(adminPasswordFile);
      password = text.strip().toCharArray();
    } catch (java.io.IOException e) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "cannot read the admin password: " + e.getMessage());
    }
    try {
      AuthFile.create(
          created.directory().resolve(AuthFile.FILE_NAME), adminUser, password, new SecureRandom());
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    } finally {
      java.util.Arrays.fill(password, '\0');
    }
    return true;
  }

  private void checkPort(String option, int port) {
    if (port < 1 || port > 65535) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), option + " must be between 1 and 65535, got " + port);
    }
  }
}
