package dev.mero4j.console.groovy.internal;

import dev.mero4j.console.api.ConsoleCommand;
import dev.mero4j.console.api.ConsoleException;
import dev.mero4j.console.api.ConsoleSession;
import dev.mero4j.console.api.NotSupportedByNodeException;
import dev.mero4j.primitives.ContextId;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/** {@code sync(ctx)}: asks the node to synchronise a context with its peers now. */
@Component(service = ConsoleCommand.class)
public final class SyncCommand implements ConsoleCommand {
  @Override
  public String name() {
    return "sync";
  }

  @Override
  public String description() {
    return "synchronise a context with its peers now";
  }

  @Override
  public String usage() {
    return "sync(ctx)";
  }

  @Override
  public Object execute(ConsoleSession session, List<Object> arguments) {
    if (arguments.size() != 1) {
      throw new ConsoleException("usage: " + usage());
    }
    ContextId id = session.context(arguments.get(0));
    session
        .node()
        .replication()
        .orElseThrow(
            () ->
                new NotSupportedByNodeException("syncing contexts on a node without a WASM engine"))
        .sync(id);
    return "sync of " + id.toBase58() + " done";
  }
}
