package dev.mero4j.cli.internal.console;

import dev.mero4j.cli.internal.LaunchException;
import dev.mero4j.console.api.ConsoleException;
import dev.mero4j.node.NodeConfig;
import dev.mero4j.node.NodeHome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mero4j console}: the operator console, on a node it starts or attached to a running one.
 */
@Command(
    name = "console",
    description =
        "Operator console: Groovy with the node's services bound (node, contexts, apps, peers, "
            + "providers). Without --attach it starts the node and its attach socket; with --attach it joins the "
            + "node running on this home through the owner-only socket in it. Scripts run with the operator's "
            + "full power; every session and script is written to the node log.",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = {
      "  mero4j console --home ~/.mero4j/node1              start the node with the console",
      "  mero4j console --attach --home ~/.mero4j/node1     attach to the running node",
      "  mero4j console --attach --home n1 --script fix.groovy"
    })
public final class ConsoleCliCommand implements Callable<Integer> {
  @Option(names = "--home", required = true, description = "Node home created by 'mero4j init'.")
  Path home;

  @Option(names = "--attach", description = "Attach to the node already running on this home.")
  boolean attach;

  @Option(
      names = "--script",
      paramLabel = "FILE",
      description = "Run this Groovy script and exit with its status (0 ok, 1 error).")
  Path script;

  @Option(names = "--trace", description = "With --script: print the full stack trace of an error.")
  boolean trace;

  @Override
  public Integer call() throws IOException {
    NodeHome nodeHome = NodeHome.open(home);
    String code = script == null ? null : readScript(script);
    try {
      if (attach) {
        return AttachedConsole.run(nodeHome.directory(), script, code, trace);
      }
      NodeConfig config = nodeHome.loadConfig();
      nodeHome.loadIdentity(config);
      return EmbeddedConsole.run(nodeHome, script, code, trace);
    } catch (ConsoleException e) {
      throw new LaunchException(e.getMessage(), e);
    }
  }

  private static String readScript(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new LaunchException("cannot read script " + file + ": " + e.getMessage(), e);
    }
  }
}
