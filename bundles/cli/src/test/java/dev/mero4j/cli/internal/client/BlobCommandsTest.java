package dev.mero4j.cli.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.cli.Main;
import dev.mero4j.node.Mero4jNode;
import dev.mero4j.node.NodeConfig;
import dev.mero4j.node.NodeHome;
import dev.mero4j.node.ProviderSet;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import dev.mero4j.wasm.chicory.ChicoryWasmEngine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mero4j blob put|get|ls|rm} through the real command line against a real node: MapDB files,
 * the HTTP API, blob secrets derived from each context's real key ring.
 */
class BlobCommandsTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream oldOut;
  private PrintStream oldErr;
  private Mero4jNode node;
  private String url;

  @BeforeEach
  void start() {
    oldOut = System.out;
    oldErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    NodeHome home =
        NodeHome.init(
            dir.resolve("home"),
            new NodeHome.InitOptions(1, 0, "none", "chicory", true),
            new SecureRandom());
    NodeConfig config = home.loadConfig();
    ProviderSet providers =
        new ProviderSet(
            Map.of("mapdb", new MapDbStorageProvider()),
            Map.of(),
            Map.of("chicory", new ChicoryWasmEngine()));
    node = new Mero4jNode(home, config, home.loadIdentity(config), providers);
    url = node.start().addresses().get(0);
  }

  @AfterEach
  void stop() {
    node.close();
    System.setOut(oldOut);
    System.setErr(oldErr);
  }

  @Test
  void putGetListRemoveAcrossTwoContexts() throws Exception {
    var app =
        node.applications()
            .orElseThrow()
            .install(
                Files.readAllBytes(Path.of("../../app-templates/prebuilt/kv-store.wasm")),
                "kv-store.wasm");
    ContextId c1 = node.contexts().orElseThrow().create(app.id(), "{}").contextId();
    ContextId c2 = node.contexts().orElseThrow().create(app.id(), "{}").contextId();
    Path file = dir.resolve("in.bin");
    write(file, 9L * 1024 * 1024 + 123);

    String id = run(0, "blob", "put", file.toString(), "--context", c1.toBase58(), "--node", url);
    assertThat(id).matches("[1-9A-HJ-NP-Za-km-z]{32,44}");
    assertThat(run(0, "blob", "put", file.toString(), "--context", c1.toBase58(), "--node", url))
        .as("the same file again is the same blob")
        .isEqualTo(id);
    String other =
        run(0, "blob", "put", file.toString(), "--context", c2.toBase58(), "--node", url);
    assertThat(other).as("equal files in two contexts do not link").isNotEqualTo(id);

    assertThat(run(0, "blob", "ls", "--context", c1.toBase58(), "--node", url))
        .contains(id)
        .contains("9,437,307 bytes")
        .doesNotContain(other);
    Path back = dir.resolve("out.bin");
    assertThat(
            run(
                0,
                "blob",
                "get",
                id,
                "--context",
                c1.toBase58(),
                "--out",
                back.toString(),
                "--node",
                url))
        .contains("9437307 bytes written");
    assertThat(sha256(back)).isEqualTo(sha256(file));

    // Another context's id is unknown here; an unknown context and a malformed id are refused.
    run(
        1,
        "blob",
        "get",
        other,
        "--context",
        c1.toBase58(),
        "--out",
        back.toString(),
        "--node",
        url);
    assertThat(err.toString()).contains("BlobNotFound");
    err.reset();
    run(1, "blob", "ls", "--context", ContextId.ZERO.toBase58(), "--node", url);
    assertThat(err.toString()).contains("ContextNotFound");
    err.reset();
    run(1, "blob", "rm", "0OIl", "--context", c1.toBase58(), "--node", url);
    assertThat(err.toString()).contains("InvalidParams");

    run(0, "blob", "rm", id, "--context", c1.toBase58(), "--node", url);
    assertThat(run(0, "blob", "ls", "--context", c1.toBase58(), "--node", url))
        .isEqualTo("no blobs");
    assertThat(sha256(back)).isEqualTo(sha256(file));
  }

  private String run(int exit, String... args) {
    out.reset();
    assertThat(Main.execute(args)).as(err.toString()).isEqualTo(exit);
    return out.toString(StandardCharsets.UTF_8).trim();
  }

  private static void write(Path file, long size) throws IOException {
    SplittableRandom random = new SplittableRandom(5);
    byte[] buffer = new byte[64 * 1024];
    try (OutputStream os = Files.newOutputStream(file)) {
      for (long left = size; left > 0; ) {
        random.nextBytes(buffer);
        int n = (int) Math.min(buffer.length, left);
        os.write(buffer, 0, n);
        left -= n;
      }
    }
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
