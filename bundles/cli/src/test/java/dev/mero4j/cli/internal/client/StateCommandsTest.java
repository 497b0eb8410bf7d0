package dev.mero4j.cli.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mero4j.cli.Main;
import dev.mero4j.runtime.ApplicationManager;
import dev.mero4j.runtime.ContextManager;
import dev.mero4j.runtime.RuntimeLimits;
import dev.mero4j.server.ApiServer;
import dev.mero4j.server.ApiServerConfig;
import dev.mero4j.server.testing.TestNode;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import dev.mero4j.wasm.chicory.ChicoryWasmEngine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mero4j context state} and {@code context diff --delta} through the real command line,
 * against a real runtime (MapDB files, Chicory, the prebuilt kv-store) over HTTP.
 */
class StateCommandsTest {
  static final Path KV_STORE = Path.of("../../app-templates/prebuilt/kv-store.wasm");

  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream oldOut;
  private PrintStream oldErr;
  private StorageEngine storage;
  private ApiServer server;
  private String url;

  @BeforeEach
  void start() {
    oldOut = System.out;
    oldErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    storage = new MapDbStorageProvider().open(StorageConfig.at(dir.resolve("store")));
    ApplicationManager apps =
        new ApplicationManager(storage, new ChicoryWasmEngine(), RuntimeLimits.DEFAULT);
    ContextManager contexts =
        new ContextManager(
            storage, apps, RuntimeLimits.DEFAULT, Clock.systemUTC(), new SecureRandom());
    server = new ApiServer(ApiServerConfig.loopback(0), apps, contexts, TestNode.nodeInfo());
    url = server.start().toString();
    server.setReady(true);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    storage.close();
    System.setOut(oldOut);
    System.setErr(oldErr);
  }

  private void set(String context, String key, String value) {
    run(
        0,
        "call",
        "--context",
        context,
        "set",
        "--args",
        "{\"key\":\"" + key + "\",\"value\":\"" + value + "\"}",
        "--node",
        url);
  }

  @Test
  void stateTreePagesAndDeltaDiff() throws Exception {
    String app = run(0, "app", "install", KV_STORE.toString(), "--node", url);
    String context = run(0, "context", "create", "--app", app, "--node", url);
    set(context, "a", "1");
    String first =
        new ObjectMapper()
            .readTree(run(0, "context", "history", "--context", context, "--json", "--node", url))
            .at("/deltas/0/id")
            .asText();
    set(context, "b", "2");
    run(0, "call", "--context", context, "remove", "--args", "{\"key\":\"a\"}", "--node", url);

    assertThat(run(0, "context", "state", "--context", context, "--node", url))
        .contains("/ (live)")
        .contains("items  UNORDERED_MAP [1]");
    String items =
        run(0, "context", "state", "--context", context, "--path", "items", "--node", url);
    assertThat(items).contains("├─ a  LWW_REGISTER").contains("(deleted)");
    assertThat(items).contains("└─ b  LWW_REGISTER").contains("hlc ").endsWith("(end)");

    JsonNode page =
        new ObjectMapper()
            .readTree(
                run(
                    0,
                    "context",
                    "state",
                    "--context",
                    context,
                    "--path",
                    "items",
                    "--limit",
                    "1",
                    "--json",
                    "--node",
                    url));
    assertThat(page.get("entries")).hasSize(1);
    String cursor = page.get("nextCursor").asText();
    assertThat(
            run(
                0,
                "context",
                "state",
                "--context",
                context,
                "--path",
                "items",
                "--limit",
                "1",
                "--cursor",
                cursor,
                "--node",
                url))
        .contains("└─ b")
        .doesNotContain("─ a ");
    assertThat(
            run(
                0,
                "context",
                "state",
                "--context",
                context,
                "--at",
                first,
                "--path",
                "items",
                "--node",
                url))
        .contains(" at " + first)
        .contains("└─ a")
        .doesNotContain("(deleted)");

    assertThat(run(0, "context", "diff", "--context", context, "--delta", first, "--node", url))
        .contains("+ a = ");
    run(1, "context", "state", "--context", context, "--path", "nope", "--node", url);
    assertThat(err.toString()).contains("PathNotFound");
    err.reset();
    run(2, "context", "diff", "--context", context, "--delta", first, "--to", first, "--node", url);
    assertThat(err.toString()).contains("--delta");
  }

  private String run(int expectedExit, String... args) {
    out.reset();
    int exit = Main.execute(args);
    assertThat(exit).as(String.join(" ", args) + "\nstderr: " + err).isEqualTo(expectedExit);
    return out.toString().strip();
  }
}
