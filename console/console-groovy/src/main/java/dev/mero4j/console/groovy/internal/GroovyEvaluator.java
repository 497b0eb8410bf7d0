package dev.mero4j.console.groovy.internal;

import dev.mero4j.console.api.ConsoleNode;
import groovy.lang.Binding;
import groovy.lang.GroovyShell;
import groovy.transform.ThreadInterrupt;
import java.io.PrintWriter;
import java.util.regex.Pattern;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.customizers.ASTTransformationCustomizer;
import org.codehaus.groovy.control.customizers.ImportCustomizer;

/**
 * Evaluates Groovy with the node's services bound as variables. Loops and closures check for
 * interruption ({@code @ThreadInterrupt}), so Ctrl-C stops a runaway script.
 */
public final class GroovyEvaluator {
  /** {@code def x = ...} on an entry's first line: keep x in the binding so later lines see it. */
  private static final Pattern LEADING_DEF =
      Pattern.compile("^\\s*def\\s+([A-Za-z_$][\\w$]*)\\s*=(?!=)");

  private final GroovyShell shell;
  private final Binding binding;
  private int counter;

  public GroovyEvaluator(ShellSession session, PrintWriter out) {
    ConsoleNode node = session.node();
    binding = new Binding();
    AppsView apps = new AppsView(session);
    ProviderView providers = new ProviderView(node);
    binding.setVariable(ConsoleScript.SESSION, session);
    binding.setVariable("out", out);
    binding.setVariable("node", new NodeView(node));
    binding.setVariable("apps", apps);
    binding.setVariable("contexts", new ContextsView(session, apps));
    binding.setVariable("peers", new PeersView(node));
    binding.setVariable("providers", providers);
    binding.setVariable("provider", providers);
    CompilerConfiguration config = new CompilerConfiguration();
    config.setScriptBaseClass(ConsoleScript.class.getName());
    config.addCompilationCustomizers(
        new ASTTransformationCustomizer(ThreadInterrupt.class),
        new ImportCustomizer().addStarImports("dev.mero4j.primitives"));
    shell =
        new GroovyShell(
            ScriptLoader.of(
                ConsoleScript.class.getClassLoader(), GroovyShell.class.getClassLoader()),
            binding,
            config);
  }

  public Binding binding() {
    return binding;
  }

  /** Evaluates one console entry; a leading {@code def x =} becomes a binding variable. */
  public Object evaluateEntry(String code) {
    counter++;
    String entry = LEADING_DEF.matcher(code).replaceFirst("$1 =");
    try {
      return shell.evaluate(entry, "console" + counter + ".groovy");
    } finally {
      shell.getClassLoader().clearCache();
    }
  }

  /** Evaluates a whole script file; {@code fileName} appears in errors and traces. */
  public Object evaluateScript(String code, String fileName) {
    return shell.evaluate(code, fileName);
  }
}
