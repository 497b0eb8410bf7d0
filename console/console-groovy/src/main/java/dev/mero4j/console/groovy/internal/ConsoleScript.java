package dev.mero4j.console.groovy.internal;

import dev.mero4j.console.api.ConsoleCommand;
import groovy.lang.Closure;
import groovy.lang.MissingMethodException;
import groovy.lang.Script;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The base class of every console script: the built-in commands ({@code ctx}, {@code create},
 * {@code watch}, ...) as methods, and contributed {@link ConsoleCommand}s called by name.
 */
public abstract class ConsoleScript extends Script {
  /** Binding variable holding the {@link ShellSession}. */
  public static final String SESSION = "session";

  private ShellSession session() {
    return (ShellSession) getBinding().getVariable(SESSION);
  }

  private ContextsView contexts() {
    return (ContextsView) getBinding().getVariable("contexts");
  }

  /** The context with this alias, id, id prefix or handle. */
  public ContextHandle ctx(Object reference) {
    return new ContextHandle(session(), session().context(reference));
  }

  public ContextHandle create(Object application) {
    return contexts().create(application);
  }

  public ContextHandle create(Object application, Map<?, ?> init) {
    return contexts().create(application, init);
  }

  public ContextHandle create(Object application, Map<?, ?> init, String alias) {
    return contexts().create(application, init, alias);
  }

  /** Named form: {@code create('kv-store', alias: 'kv', init: [owner: 'ops'])}. */
  public ContextHandle create(Map<?, ?> options, Object application) {
    Object init = options.get("init");
    Object alias = options.get("alias");
    return contexts()
        .create(
            application,
            init instanceof Map<?, ?> m ? m : Map.of(),
            alias == null ? null : alias.toString());
  }

  /** Names a context: {@code alias('kv', ctx('7Hs4'))}. */
  public String alias(String name, Object context) {
    var id = session().context(context);
    session().aliases().put(name, id);
    return name + " -> " + id.toBase58();
  }

  public Map<String, ?> aliases() {
    return session().aliases().all();
  }

  /** Prints every application event of {@code context} until {@code unwatch()}. */
  public WatchRegistry.Watch watch(Object context) {
    return session().watches().watch(session().context(context), null);
  }

  /**
   * Hands every application event of {@code context} to {@code handler}: {@code watch(c) { e -> ...
   * }}.
   */
  public WatchRegistry.Watch watch(Object context, Closure<?> handler) {
    return session().watches().watch(session().context(context), handler);
  }

  public WatchRegistry watches() {
    return session().watches();
  }

  public String unwatch() {
    session().watches().closeAll();
    return "all watches closed";
  }

  public String unwatch(int id) {
    return session().watches().close(id) ? "watch " + id + " closed" : "no watch " + id;
  }

  public Object install(String path) {
    return ((AppsView) getBinding().getVariable("apps")).install(path);
  }

  /** Prints a value the way the interactive console shows results (tables, JSON). */
  public void show(Object value) {
    session().out().println(Renderer.render(value));
    session().out().flush();
  }

  public Help help() {
    return new Help(session().commands().all().values());
  }

  /** Contributed commands: {@code peers()}, {@code sync(ctx('kv'))}, or any bundle's command. */
  @Override
  public Object invokeMethod(String name, Object args) {
    try {
      return super.invokeMethod(name, args);
    } catch (MissingMethodException e) {
      if (!name.equals(e.getMethod())) {
        throw e;
      }
      Optional<ConsoleCommand> command = session().commands().get(name);
      if (command.isEmpty()) {
        throw e;
      }
      List<Object> arguments =
          args instanceof Object[] array ? Arrays.asList(array) : List.of(args);
      return command.get().execute(session(), arguments);
    }
  }
}
