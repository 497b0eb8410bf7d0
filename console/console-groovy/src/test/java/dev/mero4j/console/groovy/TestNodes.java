package dev.mero4j.console.groovy;

import dev.mero4j.testdata.TestWasm;
import dev.mero4j.node.NodeHome;
import dev.mero4j.node.ProviderSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/** Node homes for console tests: MapDB storage, Chicory, no transport, any free HTTP port. */
final class TestNodes {
  private TestNodes() {}

  static NodeHome home(Path dir) throws IOException {
    NodeHome home = NodeHome.init(dir, new NodeHome.InitOptions(0, 0, "none", "chicory", true), new SecureRandom());
    return home;
  }

  static EmbeddedNode start(Path dir) throws IOException {
    return EmbeddedNode.start(home(dir), ProviderSet.fromServiceLoader(TestNodes.class.getClassLoader()));
  }

  /** Copies the ABI probe app next to the home and returns its path. */
  static Path probeApp(Path dir) {
    return TestWasm.abiProbeIn(dir);
  }

  static ConsoleShell shell(EmbeddedNode node) {
    return new ConsoleShell(node, ConsoleShell.serviceLoaderCommands(TestNodes.class.getClassLoader()));
  }
}
