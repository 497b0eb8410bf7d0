package dev.mero4j.console.groovy.internal;

import dev.mero4j.console.api.ConsoleCommand;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The text of {@code help()}: built-in commands, contributed commands, variables, shell keys. */
public final class Help implements Renderer.Rendered {
  /** Built-in commands of {@link ConsoleScript}, with their usage, for help and completion. */
  static final List<String[]> BUILTINS =
      List.of(
          new String[] {
            "ctx('alias or id')",
            "a context: .call('method', [k: v]), .state(), .dag().heads(), .methods()"
          },
          new String[] {
            "create('app', [init args], 'alias')",
            "create a context of an installed app, optionally aliased"
          },
          new String[] {"alias('name', ctx)", "name a context"},
          new String[] {"aliases()", "every alias"},
          new String[] {
            "watch(ctx) { event -> ... }", "run the closure (or print) on every event of a context"
          },
          new String[] {"watches()", "open watches"},
          new String[] {"unwatch() | unwatch(id)", "close all watches, or one"},
          new String[] {"install('path/app.wasm')", "install an application"},
          new String[] {
            "ctx('kv').invite() | invite('read-only', java.time.Duration.ofHours(1))",
            "an invitation to hand to a new member"
          },
          new String[] {
            "contexts.join(invitation, 'alias')", "join a context through a connected member"
          },
          new String[] {
            "ctx('kv').members() | removeMember(key)", "members and roles; removing rotates the key"
          },
          new String[] {"provider.swap('wasm', 'wasmtime')", "replace a provider"},
          new String[] {
            "provider.swap('transport', 'libp2p', ['/ip4/0.0.0.0/tcp/4001'])",
            "re-open the transport on other listen addresses"
          },
          new String[] {"help()", "this text"});

  static final List<String[]> VARIABLES =
      List.of(
          new String[] {"node", "identity, addresses, providers"},
          new String[] {"contexts", "every context (contexts['alias'], contexts.create(..))"},
          new String[] {"apps", "installed applications (apps.install(path), apps.get(name))"},
          new String[] {"peers", "connected peers"},
          new String[] {"providers", "active and deployed providers (also: provider)"},
          new String[] {"session", "the ConsoleSession, for advanced scripts"});

  static final List<String[]> SHELL =
      List.of(
          new String[] {":help", "this text"},
          new String[] {":trace", "the full stack trace of the last error"},
          new String[] {
            ":quit", "leave the console (Ctrl-D too); Ctrl-C interrupts the running script"
          });

  private final Collection<ConsoleCommand> commands;

  Help(Collection<ConsoleCommand> commands) {
    this.commands = commands;
  }

  @Override
  public String render() {
    StringBuilder out = new StringBuilder();
    section(out, "Commands", BUILTINS);
    List<String[]> contributed = new ArrayList<>();
    for (ConsoleCommand command : commands) {
      contributed.add(new String[] {command.usage(), command.description()});
    }
    section(out, "Commands from bundles", contributed);
    section(out, "Variables", VARIABLES);
    section(out, "Shell", SHELL);
    out.append("Any Groovy works: results print as tables or JSON; x = 1 keeps x for later lines.");
    return out.toString();
  }

  private static void section(StringBuilder out, String title, List<String[]> entries) {
    if (entries.isEmpty()) {
      return;
    }
    int width = entries.stream().mapToInt(e -> e[0].length()).max().orElse(0);
    out.append(title).append('\n');
    for (String[] entry : entries) {
      out.append("  ")
          .append(entry[0])
          .append(" ".repeat(width - entry[0].length() + 2))
          .append(entry[1])
          .append('\n');
    }
  }

  @Override
  public String toString() {
    return render();
  }
}
