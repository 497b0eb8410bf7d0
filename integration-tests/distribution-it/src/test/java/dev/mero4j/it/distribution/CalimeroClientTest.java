package dev.mero4j.it.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calimero's published JS client (pinned in {@code calimero-client/package-lock.json}), run by
 * Node.js with its defaults, against a real node process running the kv-store app.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CalimeroClientTest {
  static final Path CLIENT_DIR =
      Path.of(System.getProperty("mero4j.calimero.client", "calimero-client")).toAbsolutePath();
  private static final long CLIENT_TIMEOUT_SECONDS = 120;

  /** First Node.js major with a global WebSocket (the client's subscriptions use it) by default. */
  private static final int NODE_WITH_WEBSOCKET = 22;

  @TempDir static Path dir;

  private ReplicaNode node;
  private String context;

  @BeforeAll
  void startNode() throws Exception {
    requireInstalled();
    node = ReplicaNode.init("calimero-client", dir.resolve("node"), "osgi");
    node.start();
    node.awaitReady();
    context = node.createContext(node.install(NodeProcess.DIST.resolve("apps/kv-store.wasm")));
  }

  @AfterAll
  void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  /** Fails loudly when {@code npm ci} has not run: this test must never be skipped silently. */
  static void requireInstalled() {
    if (!Files.isRegularFile(
        CLIENT_DIR.resolve("node_modules/@calimero-network/calimero-client/package.json"))) {
      throw new IllegalStateException(
          "Calimero's JS client is not installed: run `npm ci --ignore-scripts` in "
              + CLIENT_DIR
              + " (the build does it when npm is on the PATH)");
    }
  }

  @Test
  void thePublishedClientExecutesQueriesMutatesAndSubscribesWithItsDefaults() throws Exception {
    JsonNode report = runClient("http://127.0.0.1:" + node.serverPort, context);

    assertThat(report.path("set").has("error")).as("set: %s", report.path("set")).isFalse();
    assertThat(report.path("get").path("result").path("output").asText())
        .as(report.toString())
        .isEqualTo("hello");
    assertThat(report.path("mutate").has("error"))
        .as("mutate: %s", report.path("mutate"))
        .isFalse();
    assertThat(report.path("query").path("result").path("output").asText()).isEqualTo("yes");
    JsonNode missing = report.path("missing").path("error").path("error");
    assertThat(missing.path("name").asText()).as(report.toString()).isEqualTo("FunctionCallError");
    assertThat(missing.path("cause").path("name").asText()).isEqualTo("MethodNotFound");
    assertThat(report.path("event").path("contextId").asText())
        .as(report.toString())
        .isEqualTo(context);
    assertThat(report.path("event").path("type").asText()).isEqualTo("StateMutation");
    assertThat(node.call(context, "get", "{\"key\":\"from-js\"}").asText()).isEqualTo("hello");
  }

  /** The major version of the {@code node} on the PATH. */
  private static int nodeMajorVersion() throws Exception {
    Process version;
    try {
      version = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start node (is Node.js 20 on the PATH?)", e);
    }
    version.getOutputStream().close();
    String text =
        new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(version.waitFor(30, TimeUnit.SECONDS)).as("node --version").isTrue();
    assertThat(text).as("node --version").matches("v\\d+\\..*");
    return Integer.parseInt(text.substring(1, text.indexOf('.')));
  }

  /** Runs {@code node client.mjs URL CONTEXT} and returns the JSON line it prints. */
  private static JsonNode runClient(String url, String contextId) throws Exception {
    Path stdout = Files.createTempFile(dir, "client-", ".out");
    Path stderr = Files.createTempFile(dir, "client-", ".err");
    Process process;
    try {
      List<String> command = new ArrayList<>(List.of("node"));
      if (nodeMajorVersion() < NODE_WITH_WEBSOCKET) {
        command.add("--experimental-websocket");
      }
      command.addAll(List.of("client.mjs", url, contextId));
      process =
          new ProcessBuilder(command)
              .directory(CLIENT_DIR.toFile())
              .redirectOutput(stdout.toFile())
              .redirectError(stderr.toFile())
              .start();
      process.getOutputStream().close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start node (is Node.js 20 on the PATH?)", e);
    }
    if (!process.waitFor(CLIENT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(
          "the JS client did not finish; stdout "
              + Files.readString(stdout)
              + "; stderr "
              + Files.readString(stderr));
    }
    String text = Files.readString(stdout, StandardCharsets.UTF_8).strip();
    assertThat(process.exitValue())
        .as("client exit; stdout %s; stderr %s", text, Files.readString(stderr))
        .isZero();
    String last = text.substring(text.lastIndexOf('\n') + 1);
    return ReplicaNode.JSON.readTree(last);
  }
}
