package dev.mero4j.it.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator in a real terminal (tmux) attaches to a node started by {@code mero4j run} (Felix,
 * the default assembly): Tab completes a context alias and an app method, and Ctrl-C stops a
 * runaway loop while the session and the node carry on. Skipped where tmux is not installed.
 */
class ConsoleTmuxProcessTest {
  private static final Duration SCREEN = Duration.ofSeconds(90);

  @TempDir Path dir;

  private ReplicaNode node;
  private final String session = "m4j-console-" + ProcessHandle.current().pid();

  @AfterEach
  void stop() {
    tmux("kill-session", "-t", session);
    if (node != null) {
      node.close();
    }
  }

  @Test
  void tabCompletesAndCtrlCInterruptsInAnAttachedTerminal() throws Exception {
    Assumptions.assumeTrue(tmux("-V").startsWith("tmux"), "tmux is not installed");
    node = ReplicaNode.init("node1", dir.resolve("node1"), "osgi");
    node.start();
    node.awaitReady();
    String app = node.install(NodeProcess.DIST.resolve("apps/kv-store.wasm"));
    String ctx = node.createContext(app);
    node.call(ctx, "set", "{\"key\":\"greeting\",\"value\":\"typed\"}");
    await("console socket")
        .atMost(SCREEN)
        .until(() -> node.home.resolve("console/attach.sock").toFile().exists());

    tmux(
        "new-session",
        "-d",
        "-s",
        session,
        "-x",
        "160",
        "-y",
        "40",
        NodeProcess.DIST.resolve("bin/mero4j") + " console --attach --home " + node.home);
    awaitScreen("mero4j> ");
    type("alias('kv', '" + ctx + "')");
    tmux("send-keys", "-t", session, "Enter");
    awaitScreen("kv -> " + ctx);
    // Tab completes the alias inside ctx('…') and the app method inside .call('…).
    type("ctx('k");
    tmux("send-keys", "-t", session, "Tab");
    type("').call('ge");
    tmux("send-keys", "-t", session, "Tab");
    type("', [key: 'greeting']).output");
    tmux("send-keys", "-t", session, "Enter");
    awaitScreen("ctx('kv').call('get', [key: 'greeting']).output\ntyped");

    Path spinning = dir.resolve("spinning");
    type("new File('" + spinning + "').text = 'x'; while (true) { }");
    tmux("send-keys", "-t", session, "Enter");
    await("the loop runs").atMost(SCREEN).until(() -> spinning.toFile().exists());
    tmux("send-keys", "-t", session, "C-c");
    awaitScreen("interrupted");
    type("println 'after ' + 'ctrl-c'");
    tmux("send-keys", "-t", session, "Enter");
    awaitScreen("after ctrl-c");
    assertThat(node.call(ctx, "get", "{\"key\":\"greeting\"}").asText()).isEqualTo("typed");
  }

  private void type(String text) {
    tmux("send-keys", "-t", session, "-l", text);
  }

  private void awaitScreen(String text) {
    await("screen shows " + text)
        .atMost(SCREEN)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> tmux("capture-pane", "-p", "-J", "-t", session, "-S", "-200").contains(text));
  }

  /** Runs one tmux command and returns its output; a failure returns the error text. */
  private static String tmux(String... args) {
    List<String> command = new ArrayList<>(List.of("tmux", "-L", "mero4j-it"));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor();
      return output;
    } catch (IOException e) {
      return "cannot run tmux: " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
