package dev.mero4j.cli.internal;

import dev.mero4j.console.groovy.AttachServer;
import dev.mero4j.console.groovy.ConsoleShell;
import dev.mero4j.node.Mero4jNode;
import dev.mero4j.node.NodeConfig;
import dev.mero4j.node.NodeHome;
import dev.mero4j.node.NodeStatus;
import dev.mero4j.node.ProviderSet;
import dev.mero4j.node.console.NodeConsole;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the node on the plain class path, finding providers with {@link java.util.ServiceLoader}.
 */
final class PlainLauncher implements NodeLauncher {
  @Override
  public int run(NodeHome home, RunCommand.ReadyPrinter printer) {
    NodeConfig config = home.loadConfig();
    ClassLoader loader = PlainLauncher.class.getClassLoader();
    ProviderSet providers = ProviderSet.fromServiceLoader(loader);
    Mero4jNode node = new Mero4jNode(home, config, home.loadIdentity(config), providers);
    CountDownLatch stopped = new CountDownLatch(1);
    NodeStatus status = node.start();
    AttachServer console;
    try {
      console =
          AttachServer.start(
              new ConsoleShell(new NodeConsole(node), ConsoleShell.serviceLoaderCommands(loader)));
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
    Termination.onStop(
        () -> {
          console.close();
          node.close();
          printer.stopped();
          stopped.countDown();
        });
    // Ready is printed only once a SIGTERM would stop the node cleanly.
    printer.ready(status);
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
