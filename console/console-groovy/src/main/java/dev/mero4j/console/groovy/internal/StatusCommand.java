package dev.mero4j.console.groovy.internal;

import dev.mero4j.console.api.ConsoleCommand;
import dev.mero4j.console.api.ConsoleSession;
import dev.mero4j.console.api.NodeDescription;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/** {@code status()}: one line about the node, like the ready line of {@code mero4j run}. */
@Component(service = ConsoleCommand.class)
public final class StatusCommand implements ConsoleCommand {
  @Override
  public String name() {
    return "status";
  }

  @Override
  public String description() {
    return "one line: identity, addresses, providers, contexts";
  }

  @Override
  public Object execute(ConsoleSession session, List<Object> arguments) {
    NodeDescription d = session.node().describe();
    StringBuilder providers = new StringBuilder();
    d.activeProviders().entrySet().stream()
        .sorted(java.util.Map.Entry.comparingByKey())
        .forEach(
            e ->
                providers
                    .append(providers.length() == 0 ? "" : " ")
                    .append(e.getKey())
                    .append('=')
                    .append(e.getValue()));
    int contexts = session.node().contexts().map(c -> c.list().size()).orElse(0);
    return "node "
        + d.identity()
        + " | "
        + String.join(" ", d.addresses())
        + " | providers "
        + providers
        + " | contexts "
        + contexts
        + " | peers "
        + session.node().connectedPeers().size();
  }
}
