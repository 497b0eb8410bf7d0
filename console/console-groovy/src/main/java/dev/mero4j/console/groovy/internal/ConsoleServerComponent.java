package dev.mero4j.console.groovy.internal;

import dev.mero4j.console.api.ConsoleCommand;
import dev.mero4j.console.api.ConsoleNode;
import dev.mero4j.console.groovy.AttachServer;
import dev.mero4j.console.groovy.ConsoleShell;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Inside OSGi: opens the attach socket of the {@link ConsoleNode} that the node bundle publishes,
 * with every {@link ConsoleCommand} service deployed at the time of each call.
 */
@Component(immediate = true)
public final class ConsoleServerComponent {
  private final List<ConsoleCommand> commands = new CopyOnWriteArrayList<>();
  @Reference private ConsoleNode node;
  private AttachServer server;

  @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
  void addCommand(ConsoleCommand command) {
    commands.add(command);
  }

  void removeCommand(ConsoleCommand command) {
    commands.remove(command);
  }

  @Activate
  void activate() {
    server = AttachServer.start(new ConsoleShell(node, () -> commands));
  }

  @Deactivate
  void deactivate() {
    server.close();
  }
}
