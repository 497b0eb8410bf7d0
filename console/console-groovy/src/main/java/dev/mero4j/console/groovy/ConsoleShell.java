package dev.mero4j.console.groovy;

import dev.mero4j.console.api.ConsoleCommand;
import dev.mero4j.console.api.ConsoleNode;
import dev.mero4j.console.groovy.internal.CommandRegistry;
import dev.mero4j.console.groovy.internal.ConsoleAudit;
import dev.mero4j.console.groovy.internal.Evaluation;
import dev.mero4j.console.groovy.internal.InteractiveLoop;
import dev.mero4j.console.groovy.internal.ScriptRun;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jline.terminal.Terminal;

/**
 * The operator console for one node: an interactive Groovy shell on a JLine terminal, or one script
 * run non-interactively. Scripts run with the operator's full power; every session, entry and
 * script is written to the node log.
 */
public final class ConsoleShell {
  private final ConsoleNode node;
  private final CommandRegistry commands;

  /**
   * @param commands the console commands deployed now; asked again on every lookup
   */
  public ConsoleShell(ConsoleNode node, Supplier<? extends Collection<ConsoleCommand>> commands) {
    this.node = node;
    this.commands = new CommandRegistry(commands);
  }

  /** The commands listed in {@code META-INF/services} visible to {@code loader}, found once. */
  public static Supplier<List<ConsoleCommand>> serviceLoaderCommands(ClassLoader loader) {
    List<ConsoleCommand> found = new ArrayList<>();
    ServiceLoader.load(ConsoleCommand.class, loader).forEach(found::add);
    List<ConsoleCommand> commands = List.copyOf(found);
    return () -> commands;
  }

  public ConsoleNode node() {
    return node;
  }

  /**
   * Runs the interactive console on {@code terminal} until {@code :quit}, Ctrl-D or the terminal
   * closes.
   *
   * @param kind how the operator came in ({@code embedded}, {@code attached}), for the node log
   * @param who the operator's user name, for the node log
   */
  public void runInteractive(Terminal terminal, String kind, String who) {
    ConsoleAudit audit = ConsoleAudit.open(kind, who);
    try {
      new InteractiveLoop(terminal, node, commands, audit).run();
    } finally {
      audit.closed();
    }
  }

  /**
   * Runs a script and returns the exit code: 0, or 1 after one error line on {@code err}.
   *
   * @param onStart receives a handle whose {@link Runnable#run()} interrupts the script
   */
  public int runScript(
      String name,
      String code,
      PrintWriter out,
      PrintWriter err,
      boolean trace,
      String kind,
      String who,
      Consumer<Runnable> onStart) {
    ConsoleAudit audit = ConsoleAudit.open(kind, who);
    try {
      return new ScriptRun(node, commands, audit)
          .run(
              name,
              code,
              out,
              err,
              trace,
              (Evaluation evaluation) -> onStart.accept(evaluation::interrupt));
    } finally {
      audit.closed();
    }
  }
}
