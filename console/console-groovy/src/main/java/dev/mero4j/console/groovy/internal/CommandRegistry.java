package dev.mero4j.console.groovy.internal;

import dev.mero4j.console.api.ConsoleCommand;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/** The console commands deployed now; asked again on every lookup, since bundles come and go. */
public final class CommandRegistry {
  private final Supplier<? extends Collection<ConsoleCommand>> source;

  public CommandRegistry(Supplier<? extends Collection<ConsoleCommand>> source) {
    this.source = source;
  }

  /** Commands by name; of two commands with one name, the first deployed wins. */
  public Map<String, ConsoleCommand> all() {
    Map<String, ConsoleCommand> byName = new TreeMap<>();
    for (ConsoleCommand command : source.get()) {
      byName.putIfAbsent(command.name(), command);
    }
    return byName;
  }

  public Optional<ConsoleCommand> get(String name) {
    return Optional.ofNullable(all().get(name));
  }
}
