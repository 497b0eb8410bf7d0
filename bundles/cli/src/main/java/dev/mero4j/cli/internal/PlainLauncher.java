package dev.mero4j.cli.internal;

import dev.mero4j.node.Mero4jNode;
import dev.mero4j.node.NodeConfig;
import dev.mero4j.node.NodeHome;
import dev.mero4j.node.ProviderSet;
import java.util.concurrent.CountDownLatch;

/** Runs the node on the plain class path, finding providers with {@link java.util.ServiceLoader}. */
final class PlainLauncher implements NodeLauncher {
  @Override
  public int run(NodeHome home, RunCommand.ReadyPrinter printer) {
    NodeConfig config = home.loadConfig();
    Mero4jNode node =
        new Mero4jNode(home, config, home.loadIdentity(config), ProviderSet.fromServiceLoader(PlainLauncher.class.getClassLoader()));
    CountDownLatch stopped = new CountDownLatch(1);
    printer.ready(node.start());
    Termination.onStop(() -> {
      node.close();
      printer.stopped();
      stopped.countDown();
    });
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
