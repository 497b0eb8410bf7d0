package dev.mero4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mero4j.primitives.Hash;
import dev.mero4j.server.testing.Api;
import dev.mero4j.server.testing.FakeKvRuntime;
import dev.mero4j.server.testing.TestNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code install-application} checks the hash it is given, fetches only http(s) within a size cap
 * and a deadline, is for admins only, and tells nothing about paths it cannot read.
 */
class InstallFromUrlTest {
  static final int CAP = 64 * 1024;
  static final Duration DEADLINE = Duration.ofSeconds(3);

  final CountDownLatch release = new CountDownLatch(1);
  final AtomicLong served = new AtomicLong();
  final AtomicBoolean hungUp = new AtomicBoolean();
  HttpServer files;
  TestNode node;

  @AfterEach
  void stop() {
    release.countDown();
    if (files != null) {
      files.stop(0);
    }
    if (node != null) {
      node.close();
    }
  }

  @Test
  void aHashMismatchInstallsNothingAndAMatchingHashInstalls() throws IOException {
    node = start();
    String url = serve(FakeKvRuntime.KV_STORE);
    String wrong = Hash.sha256("something else".getBytes()).toBase58();
    Api.Response lying = install(node.api, url, wrong);
    assertThat(lying.status()).as(lying.text()).isEqualTo(400);
    assertThat(lying.error().get("data").get("type").asText()).isEqualTo("InvalidApplication");
    assertThat(lying.error().get("message").asText()).contains("nothing was installed");
    assertThat(node.api.get("/admin-api/applications").data().get("apps")).isEmpty();

    Hash right = Hash.sha256(FakeKvRuntime.KV_STORE);
    Api.Response base58 = install(node.api, url, right.toBase58());
    assertThat(base58.status()).as(base58.text()).isEqualTo(200);
    assertThat(base58.data().get("applicationId").asText()).isEqualTo(right.toBase58());
    Api.Response hex =
        install(node.api, url, HexFormat.of().formatHex(right.toBytes()).toUpperCase());
    assertThat(hex.status()).as(hex.text()).isEqualTo(200);
    assertThat(install(node.api, url, "not-a-hash!").status()).isEqualTo(400);
  }

  @Test
  void downloadsOverTheCapAreCutWhateverTheyDeclare() throws IOException {
    node = start();
    files = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
    files.createContext(
        "/declared",
        ex -> {
          ex.sendResponseHeaders(200, CAP + 1);
          writeQuietly(ex, CAP + 1);
        });
    files.createContext(
        "/chunked",
        ex -> {
          ex.sendResponseHeaders(200, 0);
          writeQuietly(ex, 1L << 30);
        });
    files.start();
    for (String path : new String[] {"/declared", "/chunked"}) {
      Api.Response response = install(node.api, base() + path, null);
      assertThat(response.status()).as(path + ": " + response.text()).isEqualTo(413);
      assertThat(response.error().get("data").get("type").asText()).isEqualTo("LimitExceeded");
    }
    assertThat(hungUp).as("the node hung up on the unannounced stream").isTrue();
    assertThat(served.get()).isLessThan(1L << 28);
    assertThat(node.api.get("/admin-api/applications").data().get("apps")).isEmpty();
  }

  @Test
  void aStalledServerHitsTheDeadline() throws IOException {
    node = start();
    files = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
    files.createContext(
        "/trickle",
        ex -> {
          ex.sendResponseHeaders(200, FakeKvRuntime.KV_STORE.length);
          ex.getResponseBody().write(FakeKvRuntime.KV_STORE, 0, 4);
          ex.getResponseBody().flush();
          awaitRelease();
          ex.close();
        });
    files.createContext(
        "/silent",
        ex -> {
          awaitRelease();
          ex.close();
        });
    files.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    files.start();
    for (String path : new String[] {"/trickle", "/silent"}) {
      long start = System.nanoTime();
      Api.Response response = install(node.api, base() + path, null);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(response.status()).as(path + ": " + response.text()).isEqualTo(400);
      assertThat(response.error().get("message").asText()).contains("took longer than");
      assertThat(took).isLessThan(DEADLINE.multipliedBy(4));
    }
  }

  @Test
  void onlyHttpAndHttpsAreFetched() {
    node = start();
    for (String url :
        new String[] {
          "file:///etc/passwd",
          "jar:file:///tmp/x.jar!/a.wasm",
          "ftp://127.0.0.1/a.wasm",
          "gopher://127.0.0.1/a",
          "/etc/passwd",
          "http:///no-host"
        }) {
      Api.Response response = install(node.api, url, null);
      assertThat(response.status()).as(url).isEqualTo(400);
      assertThat(response.error().get("data").get("type").asText()).isEqualTo("InvalidParams");
    }
  }

  @Test
  void installingFromAUrlOrAPathIsForAdminsOnly(@TempDir Path dir) throws IOException {
    AdminCredential admin =
        AdminCredential.create("admin", "pw-pw-pw-pw".toCharArray(), 1000, new SecureRandom());
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    node = TestNode.start(limited().withAuth(ApiServerConfig.AuthSettings.of(admin, secret)));
    String url = serve(FakeKvRuntime.KV_STORE);
    Path file = dir.resolve("kv.wasm");
    Files.write(file, FakeKvRuntime.KV_STORE);
    Api apps = node.api.withToken(token("[\"application\"]"));
    Api.Response byUrl = install(apps, url, null);
    assertThat(byUrl.status()).as(byUrl.text()).isEqualTo(403);
    Api.Response byPath =
        apps.post("/admin-api/install-dev-application", "{\"path\":\"" + file + "\"}");
    assertThat(byPath.status()).as(byPath.text()).isEqualTo(403);
    assertThat(served.get()).as("nothing was fetched for the refused caller").isZero();
    assertThat(apps.post("/admin-api/applications", FakeKvRuntime.KV_STORE).status())
        .as("uploading bytes stays an application-permission route")
        .isEqualTo(201);

    Api root = node.api.withToken(token(null));
    assertThat(install(root, url, null).status()).isEqualTo(200);
  }

  @Test
  void missingAndUnreadablePathsGetTheSameAnswer(@TempDir Path dir) throws IOException {
    node = start();
    Path missing = dir.resolve("missing.wasm");
    Path directory = Files.createDirectory(dir.resolve("a-directory"));
    Path device = Path.of("/dev/null");
    String[] messages = new String[3];
    Path[] paths = {missing, directory, device};
    for (int i = 0; i < paths.length; i++) {
      Api.Response response =
          node.api.post("/admin-api/install-dev-application", "{\"path\":\"" + paths[i] + "\"}");
      assertThat(response.status()).isEqualTo(400);
      messages[i] = response.error().toString().replace(paths[i].toString(), "PATH");
    }
    assertThat(messages[1]).isEqualTo(messages[0]);
    assertThat(messages[2]).isEqualTo(messages[0]);
  }

  private ApiServerConfig limited() {
    return ApiServerConfig.loopback(0)
        .withLimits(ApiServerConfig.Limits.defaults().withInstallLimits(CAP, DEADLINE));
  }

  private TestNode start() {
    return TestNode.start(limited());
  }

  private String token(String permissions) {
    String body =
        "{\"username\":\"admin\",\"password\":\"pw-pw-pw-pw\""
            + (permissions == null ? "" : ",\"permissions\":" + permissions)
            + "}";
    return node.api.post("/auth/token", body).data().get("accessToken").asText();
  }

  private static Api.Response install(Api api, String url, String hash) {
    String body =
        "{\"url\":\"" + url + "\"" + (hash == null ? "" : ",\"hash\":\"" + hash + "\"") + "}";
    return api.post("/admin-api/install-application", body);
  }

  private String serve(byte[] bytes) throws IOException {
    files = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
    files.createContext(
        "/app.wasm",
        ex -> {
          served.addAndGet(bytes.length);
          ex.sendResponseHeaders(200, bytes.length);
          ex.getResponseBody().write(bytes);
          ex.close();
        });
    files.start();
    return base() + "/app.wasm";
  }

  private String base() {
    return "http://127.0.0.1:" + files.getAddress().getPort();
  }

  /** Writes {@code total} bytes, stopping quietly when the node hangs up. */
  private void writeQuietly(HttpExchange ex, long total) {
    byte[] chunk = new byte[4096];
    chunk[1] = 'a';
    chunk[2] = 's';
    chunk[3] = 'm';
    try (OutputStream out = ex.getResponseBody()) {
      for (long sent = 0; sent < total; sent += chunk.length) {
        out.write(chunk);
        served.addAndGet(chunk.length);
      }
    } catch (IOException e) {
      hungUp.set(true);
    } finally {
      ex.close();
    }
  }

  private void awaitRelease() {
    try {
      release.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
