package dev.mero4j.console.groovy;

import dev.mero4j.console.api.ConsoleCommand;
import dev.mero4j.console.api.ConsoleSession;
import java.util.List;

/** A command contributed through {@code META-INF/services}, as a provider bundle would. */
public final class EchoCommand implements ConsoleCommand {
  @Override
  public String name() {
    return "echo";
  }

  @Override
  public String description() {
    return "returns its arguments, with contexts resolved to ids";
  }

  @Override
  public Object execute(ConsoleSession session, List<Object> arguments) {
    return "echo "
        + arguments
        + (arguments.isEmpty() ? "" : " ctx=" + session.context(arguments.get(0)).toBase58());
  }
}
