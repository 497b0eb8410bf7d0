package dev.mero4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.mero4j.server.testing.Api;
import dev.mero4j.server.testing.TestNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real headless Chromium opens a page served from another loopback origin that tries every way a
 * page has to drive a node (CORS fetch, preflighted JSON, DELETE and custom-header fetches, no-cors
 * and text posts, a form post, a WebSocket): the node with default settings refuses all of them and
 * its state is unchanged, while a second node that lists the page's origin grants the preflight of
 * its JSON calls (the page reads the answers) but not a header it does not know, which proves the
 * attempts were real.
 */
class BrowserAttackTest {
  private static final String PAGE =
      """
      <!doctype html><html><body><iframe name="sink"></iframe><script>
      const targets = {guarded: '%GUARDED%', allowing: '%ALLOWING%'};
      const ctx = {guarded: '%GUARDED_CTX%', allowing: '%ALLOWING_CTX%'};
      const call = (c, key) => JSON.stringify({jsonrpc: '2.0', id: 1, method: 'execute',
          params: {contextId: c, method: 'set', argsJson: {key: key, value: 'x'}}});
      async function attempt(f) { try { return String(await f()); } catch (e) { return 'failed'; } }
      function form(node, c) {
        return new Promise(resolve => {
          const f = document.createElement('form');
          f.method = 'POST'; f.enctype = 'text/plain'; f.target = 'sink';
          f.action = node + '/jsonrpc';
          const i = document.createElement('input');
          const body = call(c, 'form');
          i.name = body.slice(0, body.indexOf('"value":"x"')) + '"value":"';
          i.value = '"}}}';
          f.appendChild(i); document.body.appendChild(f);
          document.querySelector('iframe').onload = () => resolve('submitted');
          f.submit();
          setTimeout(() => resolve('timeout'), 10000);
        });
      }
      function socket(node, c) {
        return new Promise(resolve => {
          const ws = new WebSocket(node.replace('http://', 'ws://') + '/ws');
          ws.onopen = () => ws.send(JSON.stringify({id: 1, method: 'execute',
              params: {contextId: c, method: 'set', argsJson: {key: 'ws', value: 'x'}}}));
          ws.onmessage = m => resolve('open ' + m.data);
          ws.onerror = () => resolve('refused');
          setTimeout(() => resolve('timeout'), 10000);
        });
      }
      async function attack(name) {
        const node = targets[name], c = ctx[name], r = {};
        r.json = await attempt(async () => (await fetch(node + '/jsonrpc', {method: 'POST',
            headers: {'Content-Type': 'application/json'}, body: call(c, 'json')})).status);
        r.read = await attempt(async () => {
          const res = await fetch(node + '/jsonrpc', {method: 'POST',
              headers: {'Content-Type': 'application/json'},
              body: JSON.stringify({jsonrpc: '2.0', id: 2, method: 'execute',
                  params: {contextId: c, method: 'len', argsJson: {}}})});
          return 'read ' + (await res.json()).result.output;
        });
        r.custom = await attempt(async () => (await fetch(node + '/jsonrpc', {method: 'POST',
            headers: {'Content-Type': 'application/json', 'X-Custom': '1'},
            body: call(c, 'custom')})).status);
        if (name === 'guarded') {
          r.del = await attempt(async () => (await fetch(node + '/admin-api/contexts/' + c,
              {method: 'DELETE'})).status);
        }
        r.text = await attempt(async () => (await fetch(node + '/jsonrpc', {method: 'POST',
            headers: {'Content-Type': 'text/plain'}, body: call(c, 'text')})).status);
        r.noCors = await attempt(async () => (await fetch(node + '/jsonrpc', {method: 'POST',
            mode: 'no-cors', body: call(c, 'nocors')})).type);
        r.admin = await attempt(async () => (await fetch(node + '/admin-api/contexts', {
            method: 'POST', mode: 'no-cors', body: '{}'})).type);
        r.form = await form(node, c);
        r.ws = await socket(node, c);
        return r;
      }
      (async () => {
        const report = {guarded: await attack('guarded'), allowing: await attack('allowing')};
        await fetch('/report', {method: 'POST', body: JSON.stringify(report)});
      })();
      </script></body></html>
      """;

  private final CompletableFuture<String> report = new CompletableFuture<>();
  private TestNode guarded;
  private TestNode allowing;
  private HttpServer attacker;
  private Process browser;

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.descendants().forEach(ProcessHandle::destroyForcibly);
      browser.destroyForcibly();
    }
    if (attacker != null) {
      attacker.stop(0);
    }
    Stream.of(guarded, allowing).filter(n -> n != null).forEach(TestNode::close);
  }

  @Test
  void aPageOnAnotherOriginCannotDriveTheNode(@TempDir Path profile) throws Exception {
    Optional<Path> chromium = chromium();
    assumeTrue(
        chromium.isPresent() || System.getenv("CI") == null,
        "no chromium on this machine (apt-get install --no-install-recommends chromium)");
    assertThat(chromium).as("CI needs chromium (.ci/run installs it)").isPresent();

    attacker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    String origin = "http://127.0.0.1:" + attacker.getAddress().getPort();
    guarded = TestNode.start();
    allowing = TestNode.start(ApiServerConfig.loopback(0).withAllowed(Set.of(), Set.of(origin)));
    String guardedCtx = guarded.api.createKvContext();
    String allowingCtx = allowing.api.createKvContext();
    String page =
        PAGE.replace("%GUARDED%", guarded.url.toString())
            .replace("%ALLOWING%", allowing.url.toString())
            .replace("%GUARDED_CTX%", guardedCtx)
            .replace("%ALLOWING_CTX%", allowingCtx);
    serve(page);

    browser =
        new ProcessBuilder(
                chromium.orElseThrow().toString(),
                "--headless",
                "--no-sandbox",
                "--no-zygote",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--user-data-dir=" + profile,
                origin + "/attack.html")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    JsonNode results = Api.JSON.readTree(report.get(240, TimeUnit.SECONDS));

    JsonNode refused = results.get("guarded");
    assertThat(refused.get("ws").asText()).as(results.toString()).isEqualTo("refused");
    assertThat(refused.get("json").asText()).isEqualTo("failed");
    assertThat(refused.get("text").asText()).isEqualTo("failed");
    assertThat(refused.get("read").asText()).isEqualTo("failed");
    assertThat(refused.get("custom").asText()).isEqualTo("failed");
    assertThat(refused.get("del").asText()).as("a preflighted DELETE").isEqualTo("failed");
    assertThat(len(guarded.api, guardedCtx)).as("guarded node state: " + results).isZero();
    assertThat(guarded.api.get("/admin-api/contexts").data().get("contexts").size()).isEqualTo(1);

    JsonNode reached = results.get("allowing");
    assertThat(reached.get("ws").asText()).as(results.toString()).startsWith("open");
    assertThat(reached.get("json").asText()).as("a preflighted JSON call").isEqualTo("200");
    assertThat(reached.get("read").asText()).as("the page reads the answer").isEqualTo("read 1");
    assertThat(reached.get("custom").asText())
        .as("a header the preflight does not grant")
        .isEqualTo("failed");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(keys(allowing.api, allowingCtx))
                    .as("the same page reached a node that lists its origin")
                    .containsExactlyInAnyOrder("json", "ws"));
  }

  private void serve(String page) {
    attacker.createContext(
        "/attack.html",
        ex -> {
          byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
          ex.sendResponseHeaders(200, bytes.length);
          ex.getResponseBody().write(bytes);
          ex.close();
        });
    attacker.createContext(
        "/report",
        ex -> {
          report.complete(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    attacker.start();
  }

  private static java.util.List<String> keys(Api api, String context) {
    java.util.List<String> keys = new java.util.ArrayList<>();
    api.execute(context, "entries", "{}")
        .json()
        .get("result")
        .get("output")
        .fieldNames()
        .forEachRemaining(keys::add);
    return keys;
  }

  private static int len(Api api, String context) {
    return api.execute(context, "len", "{}").json().get("result").get("output").asInt();
  }

  private static Optional<Path> chromium() throws IOException {
    for (String name : new String[] {"chromium", "chromium-browser", "google-chrome"}) {
      for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }
}
