package dev.mero4j.cli.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mero4j.cli.Main;
import dev.mero4j.node.NodeHome;
import dev.mero4j.testdata.TestWasm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mero4j console} in a real terminal (tmux): the embedded console and a second operator
 * attached through the node's socket, driven by keystrokes and checked on the screen.
 */
class InteractiveConsoleTmuxTest {
  private static final Duration SLOW = Duration.ofMinutes(2);

  @TempDir Path dir;
  Path home;
  Path app;

  @BeforeEach
  void home() throws Exception {
    Assumptions.assumeTrue(Tmux.available(), "tmux is not installed (apt-get install tmux)");
    home = dir.resolve("home");
    NodeHome.init(
        home, new NodeHome.InitOptions(1, 0, "none", "chicory", true), new SecureRandom());
    app = TestWasm.abiProbeIn(dir);
  }

  private String mero4j(String args) {
    return "java -cp '"
        + System.getProperty("java.class.path")
        + "' "
        + Main.class.getName()
        + " "
        + args;
  }

  private static void awaitScreen(Tmux tmux, String text) {
    await()
        .atMost(SLOW)
        .pollInterval(Duration.ofMillis(300))
        .untilAsserted(() -> assertThat(tmux.screen()).contains(text));
  }

  @Test
  void embeddedAndAttachedConsolesCompleteCallWatchFailAndInterrupt() throws Exception {
    String pid = Long.toString(ProcessHandle.current().pid());
    try (Tmux node =
        Tmux.start("mero4j-node-" + pid, mero4j("console --home " + home) + "; sleep 600")) {
      awaitScreen(node, "mero4j> ");
      node.line("install('" + app + "')");
      awaitScreen(node, "\"name\" : \"abi-probe\"");
      node.line("create('abi-probe', [owner: 'ops'], 'kv')");
      awaitScreen(node, "\"alias\" : \"kv\"");

      node.type("ctx('kv').call('bu");
      node.press("Tab");
      awaitScreen(node, "mero4j> ctx('kv').call('bump");
      node.line("', [by: 5])");
      awaitScreen(node, "kv.bump -> delta ");

      node.line("watch('kv') { e -> println \"EVENT ${e.kind} ${e.data.key}=${e.data.value}\" }");
      awaitScreen(node, "watch 1 on kv");
      Path remote = dir.resolve("remote.groovy");
      Files.writeString(remote, "ctx('kv').call('set', [key: 'r', value: 'remote'])\n");
      assertThat(
              Main.execute(
                  "console", "--attach", "--home", home.toString(), "--script", remote.toString()))
          .isZero();
      awaitScreen(node, "EVENT Inserted r=remote");

      node.line("ctx('nope')");
      awaitScreen(
          node,
          "error: UnknownReferenceException: no context with alias or id 'nope' (aliases: kv)");

      node.line("while (true) { }");
      awaitScreen(node, "while (true)");
      node.press("C-c");
      awaitScreen(node, "interrupted");
      node.line("ctx('kv').call('get', [key: 'r']).output");
      awaitScreen(node, "\nremote");

      try (Tmux operator =
          Tmux.start(
              "mero4j-attach-" + pid,
              mero4j("console --attach --home " + home) + "; echo ATTACH-EXIT=$?; sleep 600")) {
        awaitScreen(operator, "mero4j> ");
        operator.type("ctx('kv').call('g");
        operator.press("Tab");
        awaitScreen(operator, "mero4j> ctx('kv').call('get");
        operator.line("', [key: 'r']).output");
        awaitScreen(operator, "\nremote");
        operator.line("while (true) { }");
        awaitScreen(operator, "while (true)");
        operator.press("C-c");
        awaitScreen(operator, "interrupted");
        operator.press("C-d");
        awaitScreen(operator, "ATTACH-EXIT=0");
      }
      node.line(":quit");
      await()
          .atMost(SLOW)
          .untilAsserted(
              () -> assertThat(Files.exists(home.resolve("console/attach.sock"))).isFalse());
    }
    String log = Files.readString(home.resolve("node.log"));
    assertThat(log)
        .contains("opened (embedded")
        .contains("opened (attached script")
        .contains("opened (attached,")
        .contains("ran: ctx('nope')");
  }
}
