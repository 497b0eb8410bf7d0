package dev.mero4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.runtime.api.UnknownContextException;
import dev.mero4j.server.testing.Api;
import dev.mero4j.server.testing.FakeKvRuntime;
import dev.mero4j.server.testing.TestNode;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's routes with auth on, over real HTTP: the page and its files need the admin token
 * (a 401 page without it), the DAG routes bound what callers ask for, and DAG streams are capped.
 * The DAG itself is a fake here; DashboardBrowserTest (bundles/node) runs the real one.
 */
class DashboardRoutesTest {
  static final String PASSWORD = "correct horse battery";
  static final PublicKey AUTHOR = PublicKey.fromBase58("11111111111111111111111111111112");

  private final FakeKvRuntime runtime = new FakeKvRuntime();
  private final List<Socket> sockets = new ArrayList<>();
  private ApiServer server;
  private Api anonymous;
  private Api admin;

  @BeforeEach
  void start() {
    AdminCredential credential =
        AdminCredential.create("admin", PASSWORD.toCharArray(), 1000, new SecureRandom());
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    ApiServerConfig config =
        ApiServerConfig.loopback(0).withAuth(ApiServerConfig.AuthSettings.of(credential, secret));
    NodeInfo base = TestNode.nodeInfo();
    NodeInfo node =
        new NodeInfo() {
          @Override
          public Identity identity() {
            return base.identity();
          }

          @Override
          public Optional<DagReader> dag() {
            return Optional.of(new FakeDag());
          }
        };
    server =
        new ApiServer(
            config,
            runtime.applications(),
            runtime.contexts(),
            node,
            Clock.systemUTC(),
            new Random(7));
    anonymous = new Api(server.start());
    String token =
        anonymous
            .post("/auth/token", "{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}")
            .data()
            .get("accessToken")
            .asText();
    admin = anonymous.withToken(token);
  }

  @AfterEach
  void stop() throws Exception {
    for (Socket socket : sockets) {
      socket.close();
    }
    server.close();
  }

  @Test
  void thePageAndItsFilesNeedTheAdminTokenAndSayHowToGetOne() {
    for (String path :
        List.of("/dashboard", "/dashboard?token=wrong", "/dashboard/assets/app.js")) {
      Api.Response refused = anonymous.get(path);
      assertThat(refused.status()).as(path).isEqualTo(401);
      assertThat(refused.raw().headers().firstValue("Content-Type").orElse(""))
          .startsWith("text/html");
      assertThat(refused.text()).contains("401", "/dashboard?token=").doesNotContain("<script");
    }
    String token = admin.token().orElseThrow();
    Api.Response page = anonymous.get("/dashboard?token=" + token);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.text()).contains("/dashboard/assets/app.js?token=" + token);
    assertThat(page.raw().headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("script-src 'self'", "frame-ancestors 'none'");
    assertThat(page.raw().headers().firstValue("Referrer-Policy")).contains("no-referrer");
    assertThat(anonymous.get("/dashboard/assets/app.js?token=" + token).status()).isEqualTo(200);
    assertThat(admin.get("/dashboard/assets/style.css").status()).isEqualTo(200);
    assertThat(admin.get("/dashboard/assets/index.html").status()).isEqualTo(404);
    assertThat(admin.get("/dashboard/assets/secret.js").status()).isEqualTo(404);
  }

  @Test
  void dagRoutesCheckTheirInput() {
    String ctx = admin.createKvContext();
    Api.Response page = admin.get("/admin-api/contexts/" + ctx + "/dag?limit=10");
    assertThat(page.status()).as(page.text()).isEqualTo(200);
    assertThat(page.data().get("applied").get(0).get("author").asText())
        .isEqualTo(AUTHOR.toBase58());
    for (String limit : List.of("0", "501", "x", "-1")) {
      assertThat(admin.get("/admin-api/contexts/" + ctx + "/dag?limit=" + limit).status())
          .as(limit)
          .isEqualTo(400);
    }
    assertThat(admin.get("/admin-api/contexts/nope/dag").status()).isEqualTo(400);
    String unknown = ContextId.of(new byte[32]).toBase58();
    assertThat(admin.get("/admin-api/contexts/" + unknown + "/dag").status()).isEqualTo(404);
    assertThat(admin.get("/admin-api/contexts/" + ctx + "/dag/deltas/not-base58!").status())
        .isEqualTo(400);
    String absent = DeltaId.of(new byte[32]).toBase58();
    assertThat(admin.get("/admin-api/contexts/" + ctx + "/dag/deltas/" + absent).status())
        .isEqualTo(404);
    Api.Response delta =
        admin.get("/admin-api/contexts/" + ctx + "/dag/deltas/" + FakeDag.ONE.toBase58());
    assertThat(delta.data().get("actionLines").get(0).asText()).isEqualTo("Put k = v");
    assertThat(admin.get("/admin-api/contexts?offset=0&limit=1").data().get("total").asInt())
        .isEqualTo(1);
    assertThat(admin.get("/admin-api/contexts?limit=0").status()).isEqualTo(400);
  }

  @Test
  void dagStreamsNeedTheTokenAndAreCapped() throws Exception {
    String ctx = admin.createKvContext();
    String token = admin.token().orElseThrow();
    assertThat(anonymous.get("/admin-api/contexts/" + ctx + "/dag/stream?token=bad").status())
        .isEqualTo(401);
    for (int i = 0; i < 8; i++) {
      String head = openStream(ctx, token);
      assertThat(head).as("stream %d", i).startsWith("HTTP/1.1 200");
      assertThat(head).contains("event: delta", FakeDag.ONE.toBase58(), "event: frontier");
    }
    assertThat(openStream(ctx, token)).as("a ninth stream").startsWith("HTTP/1.1 503");
  }

  @Test
  void aStreamWhoseReaderFallsBehindIsDroppedAndTheNodeStaysHealthy() throws Exception {
    String ctx = admin.createKvContext();
    String token = admin.token().orElseThrow();
    Socket slow = new Socket();
    sockets.add(slow);
    slow.setReceiveBufferSize(4096);
    slow.connect(new java.net.InetSocketAddress("127.0.0.1", anonymous.base().getPort()));
    slow.setSoTimeout(10_000);
    String first = request(slow, ctx, token);
    assertThat(first).startsWith("HTTP/1.1 200").contains("event: frontier");
    // The reader stops reading: the socket buffers fill, then the stream's queue.
    ContextId id = ContextId.fromBase58(ctx);
    String value = "v".repeat(16 * 1024);
    for (int i = 0; i < 2000; i++) {
      runtime
          .contexts()
          .execute(
              id,
              "set",
              "{\"key\":\"k" + i % 10 + "\",\"value\":\"" + value + "\"}",
              Optional.empty());
    }
    String rest = readToEnd(slow.getInputStream());
    assertThat(rest)
        .as("the last event says why the stream ends")
        .contains("event: dropped", "fell more than 256 events behind");
    assertThat(rest.substring(rest.indexOf("event: dropped"))).doesNotContain("event: context");
    assertThat(admin.get("/admin-api/contexts/" + ctx + "/dag").status()).isEqualTo(200);
    for (int i = 0; i < 8; i++) {
      assertThat(openStream(ctx, token))
          .as("the dropped stream gave its slot back: stream %d", i)
          .startsWith("HTTP/1.1 200");
    }
  }

  @Test
  void aClosedStreamGivesItsSlotBack() throws Exception {
    String ctx = admin.createKvContext();
    String token = admin.token().orElseThrow();
    for (int i = 0; i < 8; i++) {
      assertThat(openStream(ctx, token)).startsWith("HTTP/1.1 200");
    }
    assertThat(openStream(ctx, token)).as("a ninth stream").startsWith("HTTP/1.1 503");
    sockets.get(0).close();
    ContextId id = ContextId.fromBase58(ctx);
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              // a write makes every stream send, and the closed one notice its reader is gone
              runtime
                  .contexts()
                  .execute(id, "set", "{\"key\":\"k\",\"value\":\"v\"}", Optional.empty());
              assertThat(openStream(ctx, token)).startsWith("HTTP/1.1 200");
            });
  }

  /** Reads until the chunked response ends (its last chunk), the server closes, or 60 s pass. */
  private static String readToEnd(InputStream in) throws Exception {
    StringBuilder text = new StringBuilder();
    byte[] buffer = new byte[65536];
    long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
    int n;
    while (System.nanoTime() < end && (n = in.read(buffer)) > 0) {
      text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
      int tail = Math.max(0, text.length() - 16);
      if (text.indexOf("\r\n0\r\n\r\n", tail) >= 0) {
        break;
      }
    }
    return text.toString();
  }

  /** Opens a stream on a raw socket and returns what arrived in its first second. */
  private String openStream(String ctx, String token) throws Exception {
    Socket socket = new Socket("127.0.0.1", anonymous.base().getPort());
    sockets.add(socket);
    socket.setSoTimeout(1000);
    return request(socket, ctx, token);
  }

  /** Sends the stream request and returns what arrived until the first frontier (or timeout). */
  private String request(Socket socket, String ctx, String token) throws Exception {
    socket
        .getOutputStream()
        .write(
            ("GET /admin-api/contexts/"
                    + ctx
                    + "/dag/stream?token="
                    + token
                    + " HTTP/1.1\r\nHost: 127.0.0.1:"
                    + anonymous.base().getPort()
                    + "\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
    InputStream in = socket.getInputStream();
    StringBuilder text = new StringBuilder();
    byte[] buffer = new byte[8192];
    try {
      int n;
      while ((n = in.read(buffer)) > 0) {
        text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        if (text.indexOf("event: frontier") >= 0 || text.indexOf("\r\n\r\n{") >= 0) {
          break;
        }
      }
    } catch (java.net.SocketTimeoutException e) {
      // what arrived is enough
    }
    return text.toString();
  }

  /** One applied delta in every context the fake runtime has. */
  private final class FakeDag implements DagReader {
    static final DeltaId ONE = DeltaId.of(filled(1));

    @Override
    public DagPage recent(ContextId context, int limit) {
      known(context);
      DagDelta one = new DagDelta(ONE, AUTHOR, 7, List.of(DeltaId.ZERO), 1, false);
      return new DagPage(List.of(ONE), List.of(one), List.of(), 0, List.of());
    }

    @Override
    public Optional<DeltaDetail> delta(ContextId context, DeltaId id) {
      known(context);
      if (!id.equals(ONE)) {
        return Optional.empty();
      }
      DagDelta one = new DagDelta(ONE, AUTHOR, 7, List.of(DeltaId.ZERO), 1, false);
      return Optional.of(new DeltaDetail(one, 3, List.of("Put k = v"), 1));
    }

    private void known(ContextId context) {
      if (runtime.contexts().get(context).isEmpty()) {
        throw new UnknownContextException("context " + context + " not found");
      }
    }

    private static byte[] filled(int value) {
      byte[] bytes = new byte[32];
      java.util.Arrays.fill(bytes, (byte) value);
      return bytes;
    }
  }
}
