package dev.mero4j.console.groovy.internal;

import dev.mero4j.console.api.ConsoleNode;
import java.io.PrintWriter;

/** Runs one script non-interactively and returns its exit code: 0, or 1 after an error line. */
public final class ScriptRun {
  private final ConsoleNode node;
  private final CommandRegistry commands;
  private final ConsoleAudit audit;

  public ScriptRun(ConsoleNode node, CommandRegistry commands, ConsoleAudit audit) {
    this.node = node;
    this.commands = commands;
    this.audit = audit;
  }

  /**
   * Runs one script in a fresh session and returns its exit code.
   *
   * @param name the script's file name, shown in errors
   * @param trace print the full stack trace of a failure, not only its line
   * @param interrupts receives the evaluation so the caller can interrupt it (Ctrl-C, disconnect)
   */
  public int run(
      String name,
      String code,
      PrintWriter out,
      PrintWriter err,
      boolean trace,
      java.util.function.Consumer<Evaluation> interrupts) {
    audit.script(name, code);
    String className = className(name);
    try (ShellSession session = new ShellSession(node, out, commands)) {
      GroovyEvaluator evaluator = new GroovyEvaluator(session, out);
      Evaluation evaluation =
          Evaluation.start(() -> evaluator.evaluateScript(code, className + ".groovy"));
      interrupts.accept(evaluation);
      try {
        evaluation.await();
        out.flush();
        audit.outcome("script " + name + " succeeded");
        return 0;
      } catch (Throwable e) {
        out.flush();
        int line = ErrorFormatter.scriptLine(e, className + ".groovy");
        String message = ErrorFormatter.oneLine(e);
        err.println("error: " + message + (line > 0 ? " (" + name + " line " + line + ")" : ""));
        if (trace) {
          err.print(ErrorFormatter.trace(e));
        }
        err.flush();
        audit.outcome("script " + name + " failed: " + message);
        return 1;
      }
    }
  }

  /** A Groovy class name for the script, so stack traces name it. */
  static String className(String fileName) {
    String base = fileName.replaceAll(".*[/\\\\]", "").replaceAll("\\.groovy$", "");
    String cleaned = base.replaceAll("[^A-Za-z0-9_$]", "_");
    return cleaned.isEmpty() || !Character.isJavaIdentifierStart(cleaned.charAt(0))
        ? "script_" + cleaned
        : cleaned;
  }
}
