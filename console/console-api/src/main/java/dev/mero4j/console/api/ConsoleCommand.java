package dev.mero4j.console.api;

import java.util.List;

/**
 * A console command contributed by a bundle: registered as an OSGi service or listed in {@code
 * META-INF/services}, and called from console scripts by its name, as in {@code storageStats()}.
 */
public interface ConsoleCommand {
  /** The name scripts call; a Java identifier, unique among the node's commands. */
  String name();

  /** One line for {@code help()}. */
  String description();

  /** How to call it, shown by {@code help()}; the name with its parameters. */
  default String usage() {
    return name() + "()";
  }

  /**
   * Runs the command with the script's arguments (Groovy values: strings, numbers, maps, lists,
   * context handles) and returns the value the console renders, or {@code null}.
   *
   * @throws ConsoleException for failures the operator should read as one line
   */
  Object execute(ConsoleSession session, List<Object> arguments);
}
