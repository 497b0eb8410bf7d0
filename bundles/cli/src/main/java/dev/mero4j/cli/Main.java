package dev.mero4j.cli;

import dev.mero4j.cli.internal.ErrorHandler;
import dev.mero4j.cli.internal.InitCommand;
import dev.mero4j.cli.internal.RunCommand;
import dev.mero4j.cli.internal.VersionProvider;
import dev.mero4j.cli.internal.client.AppInstallCommand;
import dev.mero4j.cli.internal.client.AppListCommand;
import dev.mero4j.cli.internal.client.CallCommand;
import dev.mero4j.cli.internal.client.ContextCommand;
import dev.mero4j.cli.internal.client.StatusCommand;
import dev.mero4j.cli.internal.client.WatchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code mero4j} command. */
@Command(
    name = "mero4j",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Runs and manages a Mero4j node: local-first apps that sync peer to peer.",
    subcommands = {
      InitCommand.class,
      RunCommand.class,
      dev.mero4j.cli.internal.DemoCommand.class,
      dev.mero4j.cli.internal.console.ConsoleCliCommand.class,
      dev.mero4j.cli.internal.app.AppCommand.class,
      ContextCommand.class,
      dev.mero4j.cli.internal.client.BlobCommand.class,
      dev.mero4j.cli.internal.AssembleCommand.class,
      dev.mero4j.cli.internal.provider.ProviderCommand.class,
      CallCommand.class,
      WatchCommand.class,
      StatusCommand.class,
      dev.mero4j.cli.internal.client.PeersCommand.class,
      dev.mero4j.cli.internal.client.NetworkCommand.class,
      CommandLine.HelpCommand.class
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  mero4j init --home ~/.mero4j/node1             create a node home (config, identity, data)",
      "  mero4j init --home n2 --server-port 2529 --swarm-port 2429",
      "  mero4j run --home ~/.mero4j/node1              run the node in the foreground (Ctrl-C stops it)",
      "  mero4j run --home n2 --framework plain         run without OSGi (class path + ServiceLoader)",
      "  mero4j assemble --from config/dev.assembly --out mynode   check the bundles resolve; write a runnable node",
      "  mero4j demo                                    three local nodes share a kv-store context and converge",
      "  mero4j app install kv_store.wasm --home n1      install an app on the running node; prints its id",
      "  mero4j context create --app ID --home n1        create a context; prints its id",
      "  mero4j context invite --context CTX --home n1   print an invitation (a credential: hand it to the invitee only)",
      "  mero4j context join INVITATION --home n2        join through a connected member; the state follows by sync",
      "  mero4j context status --context CTX --home n2   sync state, root hash and heads",
      "  mero4j call --context CTX set --args '{\"key\":\"a\",\"value\":\"1\"}' --home n1",
      "  mero4j watch --context CTX --home n1            print the context's events as they arrive",
      "  mero4j blob put FILE --context CTX --home n1    store a file sealed in the context; prints the blob id",
      "  mero4j blob get BLOB --context CTX --out FILE --home n1   fetch it (also blob ls, blob rm)",
      "  mero4j provider list --home n1                 active (*) and deployed providers of the running node",
      "  mero4j peers --home n1                         connected peers: address, direction, relayed, agent",
      "  mero4j peers connect /ip4/192.0.2.7/tcp/2428/p2p/12D3KooW… --home n1",
      "  mero4j network status --home n1                reachability, listen/observed/relay addresses, DHT size",
      "  mero4j provider swap storage rocksdb --home n1  migrate the live store to RocksDB, with a progress bar",
      "",
      "Exit codes: 0 ok, 1 runtime failure, 2 bad usage, config or home."
    })
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code, without exiting the JVM. */
  public static int execute(String... args) {
    Logging.configure();
    CommandLine cli = new CommandLine(new Main());
    // 'app' also holds the node client's install and list, next to new and build.
    CommandLine app = cli.getSubcommands().get("app");
    if (app != null) {
      app.addSubcommand(new AppInstallCommand()).addSubcommand(new AppListCommand());
    }
    cli.setExecutionExceptionHandler(new ErrorHandler());
    cli.setParameterExceptionHandler(ErrorHandler::onParameterError);
    return cli.execute(args);
  }
}
