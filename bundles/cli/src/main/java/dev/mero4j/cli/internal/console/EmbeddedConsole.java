package dev.mero4j.cli.internal.console;

import dev.mero4j.console.api.ConsoleCommand;
import dev.mero4j.console.groovy.AttachServer;
import dev.mero4j.console.groovy.ConsoleShell;
import dev.mero4j.node.Mero4jNode;
import dev.mero4j.node.NodeConfig;
import dev.mero4j.node.NodeHome;
import dev.mero4j.node.NodeStatus;
import dev.mero4j.node.ProviderSet;
import dev.mero4j.node.console.NodeConsole;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * Starts the node on the class path, opens its attach socket and runs the console in the
 * foreground.
 */
final class EmbeddedConsole {
  private EmbeddedConsole() {}

  static int run(NodeHome home, Path scriptFile, String code, boolean trace) throws IOException {
    ClassLoader loader = EmbeddedConsole.class.getClassLoader();
    Path log = NodeLog.toFile(home.directory());
    NodeConfig config = home.loadConfig();
    Mero4jNode node =
        new Mero4jNode(
            home, config, home.loadIdentity(config), ProviderSet.fromServiceLoader(loader));
    NodeStatus status = node.start();
    Supplier<List<ConsoleCommand>> commands = ConsoleShell.serviceLoaderCommands(loader);
    ConsoleShell shell = new ConsoleShell(new NodeConsole(node), commands);
    AttachServer server;
    try {
      server = AttachServer.start(shell);
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
    AtomicBoolean stopped = new AtomicBoolean();
    Runnable stop =
        () -> {
          if (stopped.compareAndSet(false, true)) {
            server.close();
            node.close();
          }
        };
    Thread hook = new Thread(stop, "mero4j-console-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    String user = System.getProperty("user.name");
    try {
      if (code != null) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        return shell.runScript(
            scriptFile.getFileName().toString(),
            code,
            out,
            err,
            trace,
            "embedded script",
            user,
            Interrupts::onCtrlC);
      }
      try (Terminal terminal =
          TerminalBuilder.builder()
              .name("mero4j")
              .system(true)
              .nativeSignals(true)
              .signalHandler(Terminal.SignalHandler.SIG_IGN)
              .build()) {
        terminal
            .writer()
            .println(
                status.readyLine(Duration.ZERO).replaceFirst(" in 0 ms", "")
                    + " | node log "
                    + log
                    + " | attach: mero4j console --attach --home "
                    + home.directory());
        terminal.flush();
        shell.runInteractive(terminal, "embedded", user);
      }
      return 0;
    } finally {
      stop.run();
      Runtime.getRuntime().removeShutdownHook(hook);
    }
  }
}
