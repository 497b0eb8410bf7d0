package dev.mero4j.node.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mero4j.node.internal.NodeInfoAdapter;
import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.runtime.ApplicationManager;
import dev.mero4j.runtime.ContextManager;
import dev.mero4j.runtime.ContextReplica;
import dev.mero4j.runtime.RuntimeLimits;
import dev.mero4j.runtime.api.Admissions;
import dev.mero4j.runtime.api.ContextJoiner;
import dev.mero4j.runtime.api.JoinUnavailableException;
import dev.mero4j.runtime.api.MemberRole;
import dev.mero4j.runtime.api.ReplicaLog.RemoteOutcome;
import dev.mero4j.server.ApiServer;
import dev.mero4j.server.ApiServerConfig;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import dev.mero4j.wasm.chicory.ChicoryWasmEngine;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pending deltas in the live DAG view, in real Chromium against a real runtime: node b is handed a
 * delta of a's while its parent is withheld; b's dashboard shows it pending (dashed, listed as
 * pending with its missing parent by the /dag route) and shows it normal once the parent arrives.
 */
class DashboardPendingTest {
  static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path dir;

  private final List<StorageEngine> storages = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private DashboardDriver browser;
  private ApiServer server;

  @AfterEach
  void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (server != null) {
      server.close();
    }
    storages.forEach(StorageEngine::close);
  }

  @Test
  void aDeltaWaitingForItsParentIsShownPendingAndTurnsNormalWhenTheParentArrives()
      throws Exception {
    Optional<Path> chromium = DashboardDriver.chromium();
    assumeTrue(
        chromium.isPresent() || System.getenv("CI") == null,
        "no chromium on this machine (apt-get install --no-install-recommends chromium)");
    DashboardDriver.requireInstalled();
    Files.createDirectories(DashboardBrowserTest.SHOTS);
    browser = DashboardDriver.start(chromium.orElseThrow(), dir.resolve("driver.log"));

    List<byte[]> sent = new CopyOnWriteArrayList<>();
    StorageEngine storageA = storage("a");
    StorageEngine storageB = storage("b");
    ApplicationManager appsA = apps(storageA);
    ApplicationManager appsB = apps(storageB);
    ContextManager a = contexts(storageA, appsA, sent);
    ContextManager b = contexts(storageB, appsB, new CopyOnWriteArrayList<>());
    byte[] kv = Files.readAllBytes(DashboardBrowserTest.KV_STORE);
    ApplicationId app = appsA.install(kv, "kv-store").id();
    appsB.install(kv, "kv-store");
    ContextId ctx = a.create(app, "{}").contextId();
    b.setJoiner(direct(a));
    b.join(a.invite(ctx, MemberRole.MEMBER, Duration.ofHours(1), Optional.empty()));
    ContextReplica replica = b.replica(ctx);
    sent.forEach(replica::applyRemote);
    sent.clear();
    DeltaId parent = set(a, ctx, "first", "the withheld parent");
    DeltaId child = set(a, ctx, "second", "waits for its parent");
    assertThat(sent).hasSize(2);

    server =
        new ApiServer(
            ApiServerConfig.loopback(0),
            appsB,
            b,
            new NodeInfoAdapter(
                PublicKey.fromBase58("11111111111111111111111111111112"),
                () -> null,
                b,
                () -> null));
    String base = server.start().toString().replaceAll("/$", "");
    browser.call("open", "url", base + "/dashboard");
    browser.call("selectContext", "id", ctx.toBase58());

    assertThat(replica.applyRemote(sent.get(1)).status()).isEqualTo(RemoteOutcome.Status.PENDING);
    JsonNode pending = browser.call("waitDelta", "id", child.toBase58());
    assertThat(pending.path("classes").asText()).as(pending.toString()).contains("pending");
    JsonNode dag = body(base + "/admin-api/contexts/" + ctx.toBase58() + "/dag").path("data");
    assertThat(dag.path("pending").get(0).path("id").asText()).isEqualTo(child.toBase58());
    assertThat(dag.path("missingParents").toString()).contains(parent.toBase58());
    JsonNode details = browser.call("clickDelta", "id", child.toBase58());
    assertThat(details.path("status").asText()).startsWith("pending");
    browser.call(
        "screenshot",
        "path",
        DashboardBrowserTest.SHOTS.resolve("dashboard-pending.png").toString());

    assertThat(replica.applyRemote(sent.get(0)).applied()).hasSize(2);
    JsonNode normal = browser.call("waitNotPending", "id", child.toBase58());
    assertThat(normal.path("classes").asText()).as(normal.toString()).doesNotContain("pending");
    JsonNode arrived = browser.call("waitDelta", "id", parent.toBase58());
    assertThat(arrived.path("classes").asText()).doesNotContain("pending");
    JsonNode after = body(base + "/admin-api/contexts/" + ctx.toBase58() + "/dag").path("data");
    assertThat(after.path("pending").size()).as(after.toString()).isZero();
  }

  private StorageEngine storage(String name) {
    StorageEngine storage = new MapDbStorageProvider().open(StorageConfig.at(dir.resolve(name)));
    storages.add(storage);
    return storage;
  }

  private static ApplicationManager apps(StorageEngine storage) {
    return new ApplicationManager(storage, new ChicoryWasmEngine(), RuntimeLimits.DEFAULT);
  }

  private static ContextManager contexts(
      StorageEngine storage, ApplicationManager apps, List<byte[]> sent) {
    ContextManager contexts =
        new ContextManager(storage, apps, RuntimeLimits.DEFAULT, Clock.systemUTC(), RANDOM);
    contexts.onCommit((c, envelope) -> sent.add(envelope));
    return contexts;
  }

  private static DeltaId set(ContextManager node, ContextId ctx, String key, String value) {
    return node.execute(
            ctx, "set", "{\"key\":\"" + key + "\",\"value\":\"" + value + "\"}", Optional.empty())
        .delta()
        .orElseThrow();
  }

  private JsonNode body(String url) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return DashboardDriver.JSON.readTree(response.body());
  }

  /** Carries a join straight to {@code member}, in process (no network). */
  private static ContextJoiner direct(Admissions member) {
    return (attempt, inviter) -> {
      byte[] session = new byte[32];
      RANDOM.nextBytes(session);
      byte[] proof = member.proveMembership(attempt.context(), session);
      byte[] request =
          attempt
              .request(session, proof)
              .orElseThrow(() -> new JoinUnavailableException("the member did not prove itself"));
      if (!attempt.settles(session, proof, member.admit(request, session))) {
        throw new JoinUnavailableException("the member's answer is not signed for the session");
      }
    };
  }
}
