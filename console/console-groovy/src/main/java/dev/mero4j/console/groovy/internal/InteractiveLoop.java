package dev.mero4j.console.groovy.internal;

import dev.mero4j.console.api.ConsoleNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

/**
 * The read-eval-print loop on a JLine terminal, until {@code :quit}, Ctrl-D or the terminal closes.
 */
public final class InteractiveLoop {
  private static final System.Logger LOG = System.getLogger(InteractiveLoop.class.getName());
  static final String PROMPT = "mero4j> ";

  private final Terminal terminal;
  private final ConsoleNode node;
  private final CommandRegistry commands;
  private final ConsoleAudit audit;
  private Throwable lastError;

  public InteractiveLoop(
      Terminal terminal, ConsoleNode node, CommandRegistry commands, ConsoleAudit audit) {
    this.terminal = terminal;
    this.node = node;
    this.commands = commands;
    this.audit = audit;
  }

  public void run() {
    java.util.concurrent.atomic.AtomicReference<ConsoleCompleter> completer =
        new java.util.concurrent.atomic.AtomicReference<>();
    LineReader reader =
        LineReaderBuilder.builder()
            .terminal(terminal)
            .appName("mero4j")
            .parser(new InputParser())
            .completer(
                (r, parsed, candidates) -> {
                  if (completer.get() != null) {
                    completer.get().complete(r, parsed, candidates);
                  }
                })
            .variable(LineReader.HISTORY_FILE, historyFile())
            .variable(LineReader.SECONDARY_PROMPT_PATTERN, "%M> ")
            .variable(LineReader.INDENTATION, 2)
            .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
            .option(LineReader.Option.INSERT_BRACKET, false)
            .build();
    PrintWriter out = new PrintWriter(new AboveWriter(reader), true);
    try (ShellSession session = new ShellSession(node, out, commands)) {
      GroovyEvaluator evaluator = new GroovyEvaluator(session, out);
      completer.set(new ConsoleCompleter(session, evaluator.binding()));
      out.println(
          "Mero4j console | node "
              + node.describe().identity()
              + " | help() lists commands, "
              + ":trace shows the last error, Ctrl-D leaves");
      while (true) {
        String line;
        try {
          line = reader.readLine(PROMPT);
        } catch (UserInterruptException e) {
          continue;
        } catch (EndOfFileException e) {
          break;
        }
        String entry = line.strip();
        if (entry.isEmpty()) {
          continue;
        }
        if (entry.equals(":quit")
            || entry.equals(":exit")
            || entry.equals("exit")
            || entry.equals("quit")) {
          break;
        }
        audit.entry(entry);
        if (entry.startsWith(":")) {
          directive(entry, out, session);
        } else {
          evaluate(evaluator, line, out);
        }
        out.flush();
      }
    } finally {
      saveHistory(reader);
    }
  }

  private void directive(String entry, PrintWriter out, ShellSession session) {
    switch (entry) {
      case ":help" -> out.println(new Help(session.commands().all().values()).render());
      case ":trace" ->
          out.print(lastError == null ? "no error yet\n" : ErrorFormatter.trace(lastError));
      default -> out.println("error: unknown directive " + entry + " (:help, :trace, :quit)");
    }
  }

  private void evaluate(GroovyEvaluator evaluator, String line, PrintWriter out) {
    Evaluation evaluation = Evaluation.start(() -> evaluator.evaluateEntry(line));
    Terminal.SignalHandler previous =
        terminal.handle(Terminal.Signal.INT, signal -> evaluation.interrupt());
    try {
      Object value = evaluation.await();
      String text = Renderer.render(value);
      if (!text.isEmpty()) {
        out.println(text);
      }
    } catch (InterruptedException e) {
      out.println("interrupted");
    } catch (Throwable e) {
      if (evaluation.interrupted() && ErrorFormatter.unwrap(e) instanceof InterruptedException) {
        out.println("interrupted");
      } else {
        lastError = e;
        out.println("error: " + ErrorFormatter.oneLine(e));
      }
    } finally {
      terminal.handle(Terminal.Signal.INT, previous);
    }
  }

  private Path historyFile() {
    Path dir = node.home().resolve("console");
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
    } catch (IOException | UnsupportedOperationException e) {
      LOG.log(
          System.Logger.Level.WARNING, "cannot create " + dir + "; console history is not kept", e);
    }
    return dir.resolve("history");
  }

  private static void saveHistory(LineReader reader) {
    try {
      reader.getHistory().save();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot save console history", e);
    }
  }
}
