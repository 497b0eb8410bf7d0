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
 * {@code mero4j call --at}, {@code context history} and {@code context diff} through the real
 * command line, against a real runtime (MapDB files, Chicory, the prebuilt kv-store) over HTTP.
 */
class TimeTravelCommandsTest {
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

  @Test
  void callAtHistoryAndDiff() throws Exception {
    String app = run(0, "app", "install", KV_STORE.toString(), "--node", url);
    String context = run(0, "context", "create", "--app", app, "--node", url);
    run(
        0,
        "call",
        "--context",
        context,
        "set",
        "--args",
        "{\"key\":\"a\",\"value\":\"1\"}",
        "--node",
        url);
    run(
        0,
        "call",
        "--context",
        context,
        "set",
        "--args",
        "{\"key\":\"a\",\"value\":\"2\"}",
        "--node",
        url);

    JsonNode page =
        new ObjectMapper()
            .readTree(
                run(
                    0,
                    "context",
                    "history",
                    "--context",
                    context,
                    "--limit",
                    "2",
                    "--json",
                    "--node",
                    url));
    String newest = page.at("/deltas/0/id").asText();
    String older = page.at("/deltas/1/id").asText();
    assertThat(run(0, "context", "history", "--context", context, "--limit", "1", "--node", url))
        .contains(newest)
        .contains("actions")
        .contains("more: --cursor " + older);

    assertThat(
            run(
                0,
                "call",
                "--context",
                context,
                "--at",
                older,
                "get",
                "--args",
                "{\"key\":\"a\"}",
                "--node",
                url))
        .isEqualTo("\"1\"");
    assertThat(
            run(
                0,
                "context",
                "diff",
                "--context",
                context,
                "--from",
                older,
                "--to",
                newest,
                "--node",
                url))
        .contains("~ ");

    run(
        1,
        "call",
        "--context",
        context,
        "--at",
        older,
        "set",
        "--args",
        "{\"key\":\"a\",\"value\":\"3\"}",
        "--node",
        url);
    assertThat(err.toString()).contains("ReadOnlyRequired");
    err.reset();
    run(
        1,
        "call",
        "--context",
        context,
        "--at",
        "nope!",
        "get",
        "--args",
        "{\"key\":\"a\"}",
        "--node",
        url);
    assertThat(err.toString()).contains("'at'");
  }

  private String run(int expectedExit, String... args) {
    out.reset();
    int exit = Main.execute(args);
    assertThat(exit).as(String.join(" ", args) + "\nstderr: " + err).isEqualTo(expectedExit);
    return out.toString().strip();
  }
}
