package dev.mero4j.console.groovy;

import dev.mero4j.node.Mero4jNode;
import dev.mero4j.node.NodeConfig;
import dev.mero4j.node.NodeHome;
import dev.mero4j.node.ProviderSet;
import dev.mero4j.node.console.NodeConsole;
import dev.mero4j.testdata.TestWasm;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;

/** Node homes for console tests: MapDB storage, Chicory, no transport, any free HTTP port. */
final class TestNodes {
  private TestNodes() {}

  static NodeHome home(Path dir) throws IOException {
    return NodeHome.init(
        dir, new NodeHome.InitOptions(0, 0, "none", "chicory", true), new SecureRandom());
  }

  /** Starts a real node on a fresh home with the providers on the test class path. */
  static Mero4jNode start(Path dir) throws IOException {
    NodeHome home = home(dir);
    NodeConfig config = home.loadConfig();
    Mero4jNode node =
        new Mero4jNode(
            home,
            config,
            home.loadIdentity(config),
            ProviderSet.fromServiceLoader(TestNodes.class.getClassLoader()));
    node.start();
    return node;
  }

  /** Copies the ABI probe app next to the home and returns its path. */
  static Path probeApp(Path dir) {
    return TestWasm.abiProbeIn(dir);
  }

  /**
   * The console of {@code node}, as the launchers hand it over: through the node's {@link
   * NodeConsole}.
   */
  static ConsoleShell shell(Mero4jNode node) {
    return new ConsoleShell(
        new NodeConsole(node),
        ConsoleShell.serviceLoaderCommands(TestNodes.class.getClassLoader()));
  }
}
