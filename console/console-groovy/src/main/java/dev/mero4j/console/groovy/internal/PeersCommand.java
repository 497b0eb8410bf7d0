package dev.mero4j.console.groovy.internal;

import dev.mero4j.console.api.ConsoleCommand;
import dev.mero4j.console.api.ConsoleSession;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/** {@code peers()}: the peer ids connected now. */
@Component(service = ConsoleCommand.class)
public final class PeersCommand implements ConsoleCommand {
  @Override
  public String name() {
    return "peers";
  }

  @Override
  public String description() {
    return "peer ids of the peers connected now";
  }

  @Override
  public Object execute(ConsoleSession session, List<Object> arguments) {
    return session.node().connectedPeers();
  }
}
