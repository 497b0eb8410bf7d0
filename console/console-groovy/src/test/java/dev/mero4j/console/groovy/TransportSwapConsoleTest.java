package dev.mero4j.console.groovy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.node.Mero4jNode;
import dev.mero4j.node.NodeConfig;
import dev.mero4j.node.NodeHome;
import dev.mero4j.node.ProviderSet;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code provider.swap('transport', 'libp2p', [listen])} from a console script on a real node with
 * libp2p: the transport re-opens on the new address, live, and {@code config.toml} follows.
 */
class TransportSwapConsoleTest {
  @TempDir Path dir;

  @Test
  void theConsoleReopensTheTransportOnOtherListenAddresses() throws Exception {
    NodeHome home =
        NodeHome.init(
            dir.resolve("home"),
            new NodeHome.InitOptions(0, 0, "libp2p", "chicory", true),
            new SecureRandom());
    Files.writeString(
        home.configFile(),
        Files.readString(home.configFile())
            .replace("/ip4/0.0.0.0/", "/ip4/127.0.0.1/")
            .replaceFirst("(?m)^mdns = true", "mdns = false"));
    NodeConfig config = home.loadConfig();
    try (Mero4jNode node =
        new Mero4jNode(
            home,
            config,
            home.loadIdentity(config),
            ProviderSet.fromServiceLoader(TransportSwapConsoleTest.class.getClassLoader()))) {
      node.start();
      ConsoleShell shell = TestNodes.shell(node);
      int port = freePort();
      String listen = "/ip4/127.0.0.1/tcp/" + port;

      Result swapped =
          run(shell, "println provider.swap('transport', 'libp2p', ['" + listen + "'])");

      assertThat(swapped.err).isEmpty();
      assertThat(swapped.out)
          .startsWith("transport swapped libp2p -> libp2p live in ")
          .contains("no transport for");
      assertThat(node.transport().orElseThrow().localPeer().listenAddresses())
          .anyMatch(a -> a.contains("/tcp/" + port));
      assertThat(home.loadConfig().swarm().listen()).containsExactly(listen);

      assertThat(run(shell, "provider.swap('transport', 'libp2p', ['" + listen + "'])").err)
          .as("the same provider on the same addresses")
          .contains("ProviderAlreadyActiveException");
      assertThat(run(shell, "provider.swap('transport', 'libp2p', ['tcp 4001'])").err)
          .contains("IllegalArgumentException")
          .contains("not a multiaddr");
      assertThat(run(shell, "provider.swap('wasm', 'chicory', ['" + listen + "'])").err)
          .contains("listen addresses apply to the transport only");
      assertThat(home.loadConfig().swarm().listen()).containsExactly(listen);
    }
  }

  private record Result(int code, String out, String err) {}

  private static Result run(ConsoleShell shell, String code) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        shell.runScript(
            "test.groovy",
            code,
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            false,
            "test",
            "tester",
            interrupt -> {});
    return new Result(exit, out.toString(), err.toString());
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
