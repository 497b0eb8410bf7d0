package dev.mero4j.cli.internal;

import dev.mero4j.node.NodeConfig;
import dev.mero4j.node.NodeHome;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mero4j run}: runs a node in the foreground until Ctrl-C or SIGTERM. */
@Command(
    name = "run",
    description = "Run a node in the foreground until Ctrl-C or SIGTERM; prints one ready line.",
    mixinStandardHelpOptions = true)
public final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--home", required = true, description = "Node home created by 'mero4j init'.")
  Path home;

  @Option(
      names = "--framework",
      defaultValue = "osgi",
      description = "osgi (Apache Felix, the default) or plain (class path + ServiceLoader).")
  String framework;

  @Option(
      names = "--assembly",
      description =
          "Bundle assembly file for --framework osgi (default: config/default.assembly of the distribution).")
  Path assembly;

  @Override
  public Integer call() {
    NodeHome nodeHome = NodeHome.open(home);
    NodeConfig config = nodeHome.loadConfig();
    nodeHome.loadIdentity(config);
    NodeLauncher launcher =
        switch (framework) {
          case "osgi" -> new FelixLauncher(Distribution.locate(), assembly);
          case "plain" -> new PlainLauncher();
          default ->
              throw new picocli.CommandLine.ParameterException(
                  spec.commandLine(), "--framework must be osgi or plain, not " + framework);
        };
    return launcher.run(nodeHome, new ReadyPrinter(spec.commandLine().getOut(), processStart()));
  }

  private static Instant processStart() {
    return ProcessHandle.current().info().startInstant().orElseGet(Instant::now);
  }

  /** Prints the ready line with the time since the process started. */
  static final class ReadyPrinter {
    private final java.io.PrintWriter out;
    private final Instant start;

    ReadyPrinter(java.io.PrintWriter out, Instant start) {
      this.out = out;
      this.start = start;
    }

    void ready(dev.mero4j.node.NodeStatus status) {
      out.println(status.readyLine(Duration.between(start, Instant.now())));
      out.flush();
    }

    void stopped() {
      out.println("Mero4j node stopped cleanly");
      out.flush();
    }
  }
}
