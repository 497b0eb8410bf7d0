package dev.mero4j.console.groovy.internal;

import dev.mero4j.console.api.ConsoleNode;
import dev.mero4j.console.api.ConsoleSession;
import dev.mero4j.console.api.NotSupportedByNodeException;
import dev.mero4j.console.api.UnknownReferenceException;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.runtime.api.ApplicationRegistry;
import dev.mero4j.runtime.api.ContextInfo;
import dev.mero4j.runtime.api.ContextService;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** One operator session: the node, the output, aliases and the watches it opened. */
public final class ShellSession implements ConsoleSession, AutoCloseable {
  /** Shortest id prefix accepted for a context, so a typo rarely hits another context. */
  static final int MIN_ID_PREFIX = 4;

  private final ConsoleNode node;
  private final PrintWriter out;
  private final AliasStore aliases;
  private final WatchRegistry watches;
  private final CommandRegistry commands;

  public ShellSession(ConsoleNode node, PrintWriter out, CommandRegistry commands) {
    this.node = node;
    this.out = out;
    this.aliases = new AliasStore(node.home().resolve("console").resolve("aliases.properties"));
    this.watches = new WatchRegistry(this);
    this.commands = commands;
  }

  @Override
  public ConsoleNode node() {
    return node;
  }

  @Override
  public PrintWriter out() {
    return out;
  }

  public AliasStore aliases() {
    return aliases;
  }

  public WatchRegistry watches() {
    return watches;
  }

  public CommandRegistry commands() {
    return commands;
  }

  public ContextService contexts() {
    return node.contexts()
        .orElseThrow(
            () ->
                new NotSupportedByNodeException(
                    "contexts on a node without a WASM engine; set [runtime] wasm_engine in config.toml"));
  }

  public ApplicationRegistry applications() {
    return node.applications()
        .orElseThrow(
            () ->
                new NotSupportedByNodeException(
                    "applications on a node without a WASM engine; set [runtime] wasm_engine in config.toml"));
  }

  @Override
  public ContextId context(Object reference) {
    if (reference instanceof ContextHandle handle) {
      return handle.contextId();
    }
    if (reference instanceof ContextId id) {
      return id;
    }
    if (reference instanceof ContextInfo info) {
      return info.id();
    }
    String text = String.valueOf(reference).strip();
    Optional<ContextId> aliased = aliases.get(text);
    if (aliased.isPresent()) {
      return aliased.get();
    }
    List<ContextId> matches =
        contexts().list().stream()
            .map(ContextInfo::id)
            .filter(
                id ->
                    id.toBase58().equals(text)
                        || (text.length() >= MIN_ID_PREFIX && id.toBase58().startsWith(text)))
            .collect(Collectors.toList());
    if (matches.size() == 1) {
      return matches.get(0);
    }
    if (matches.isEmpty()) {
      throw new UnknownReferenceException(
          "no context with alias or id '"
              + text
              + "'"
              + (aliases.all().isEmpty()
                  ? ""
                  : " (aliases: " + String.join(", ", aliases.all().keySet()) + ")"));
    }
    throw new UnknownReferenceException(
        "'" + text + "' matches " + matches.size() + " contexts; type more of the id");
  }

  /** The alias of a context if it has one, else its Base58 id. */
  public String label(ContextId id) {
    return aliases.aliasOf(id).orElse(id.toBase58());
  }

  @Override
  public void close() {
    watches.closeAll();
  }
}
