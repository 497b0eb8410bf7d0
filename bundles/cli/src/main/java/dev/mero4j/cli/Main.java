package dev.mero4j.cli;

import dev.mero4j.cli.internal.ErrorHandler;
import dev.mero4j.cli.internal.InitCommand;
import dev.mero4j.cli.internal.RunCommand;
import dev.mero4j.cli.internal.VersionProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code mero4j} command. */
@Command(
    name = "mero4j",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Runs and manages a Mero4j node: local-first apps that sync peer to peer.",
    subcommands = {InitCommand.class, RunCommand.class, CommandLine.HelpCommand.class},
    footerHeading = "%nExamples:%n",
    footer = {
      "  mero4j init --home ~/.mero4j/node1             create a node home (config, identity, data)",
      "  mero4j init --home n2 --server-port 2529 --swarm-port 2429",
      "  mero4j run --home ~/.mero4j/node1              run the node in the foreground (Ctrl-C stops it)",
      "  mero4j run --home n2 --framework plain         run without OSGi (class path + ServiceLoader)",
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
    cli.setExecutionExceptionHandler(new ErrorHandler());
    cli.setParameterExceptionHandler(ErrorHandler::onParameterError);
    return cli.execute(args);
  }
}
