package dev.mero4j.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.runtime.api.ContextService;
import dev.mero4j.runtime.api.MemberRole;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import dev.mero4j.storage.memory.MemoryStorageProvider;
import dev.mero4j.transport.libp2p.Libp2pTransportProvider;
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
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} of two real nodes (MapDB, Chicory, libp2p on loopback) shows the operator what
 * replication did: peers connected, frames published by the writer, envelopes applied by the
 * reader, sync rounds, each context's sync state and its delta count.
 */
class NodeMetricsTest {
  private static final Path KV_STORE = Path.of("../../app-templates/prebuilt/kv-store.wasm");
  private static final Duration WAIT = Duration.ofSeconds(40);

  @TempDir Path dir;

  private final ProviderSet providers =
      new ProviderSet(
          Map.of("mapdb", new MapDbStorageProvider(), "memory", new MemoryStorageProvider()),
          Map.of("libp2p", new Libp2pTransportProvider()),
          Map.of("chicory", new ChicoryWasmEngine()));
  private final List<Mero4jNode> nodes = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    nodes.forEach(Mero4jNode::close);
  }

  @Test
  void metricsShowPeersReplicationAndSyncOfBothNodes() throws Exception {
    Mero4jNode a = node("a", List.of());
    Mero4jNode b = node("b", List.of(swarmAddress(a)));
    ContextService writer = a.contexts().orElseThrow();
    var app = a.applications().orElseThrow().install(Files.readAllBytes(KV_STORE), "kv-store");
    ContextId ctx = writer.create(app.id(), "{}").contextId();
    b.contexts()
        .orElseThrow()
        .join(writer.invite(ctx, MemberRole.MEMBER, Duration.ofHours(1), Optional.empty()));
    String label = "{context=\"" + ctx.toBase58() + "\"}";
    await("b lists the context it joined")
        .atMost(WAIT)
        .until(() -> metrics(b), text -> text.contains("mero4j_context_dag_deltas" + label + " "));
    double before = value(metrics(a), "mero4j_context_dag_deltas" + label);
    double publishedBefore = value(metrics(a), "mero4j_replication_gossip_published_total");
    for (int i = 0; i < 5; i++) {
      writer.execute(ctx, "set", "{\"key\":\"k" + i + "\",\"value\":\"v\"}", Optional.empty());
    }

    await("a publishes each of its five commits")
        .atMost(WAIT)
        .until(
            () -> value(metrics(a), "mero4j_replication_gossip_published_total"),
            n -> n >= publishedBefore + 5);
    String onA = metrics(a);
    assertThat(value(onA, "mero4j_context_dag_deltas" + label)).isEqualTo(before + 5);
    assertThat(onA).contains("# TYPE mero4j_replication_gossip_published_total counter");
    assertThat(value(onA, "mero4j_peers_connected{direction=\"inbound\",relayed=\"false\"}"))
        .isEqualTo(1);
    await("b applies the five writes, by gossip or by sync")
        .atMost(WAIT)
        .until(() -> value(metrics(b), "mero4j_context_dag_deltas" + label), n -> n == before + 5);
    String onB = metrics(b);
    assertThat(
            value(onB, "mero4j_replication_gossip_applied_total")
                + value(onB, "mero4j_replication_deltas_fetched_total"))
        .isGreaterThanOrEqualTo(5);
    assertThat(value(onB, "mero4j_replication_sync_rounds_total")).isGreaterThanOrEqualTo(1);
    assertThat(value(onB, "mero4j_replication_rejected_total")).isZero();
    assertThat(value(onB, "mero4j_peers_connected{direction=\"outbound\",relayed=\"false\"}"))
        .isEqualTo(1);
    assertThat(onB)
        .containsPattern(
            "mero4j_context_sync_state\\{context=\""
                + ctx.toBase58()
                + "\",state=\"(idle|syncing|waitingForPeers)\"\\} 1\\.0");
  }

  private String metrics(Mero4jNode node) throws Exception {
    String base = node.status().orElseThrow().addresses().get(0);
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  /** The value of one series (name with labels), or 0 when the scrape has no such series. */
  private static double value(String text, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  private static String swarmAddress(Mero4jNode node) {
    return node.status().orElseThrow().addresses().stream()
        .filter(a -> a.startsWith("/ip4/127.0.0.1/"))
        .findFirst()
        .orElseThrow();
  }

  /** A node made by {@code init}: loopback only, mDNS off, these bootstraps. */
  private Mero4jNode node(String name, List<String> bootstrap) throws Exception {
    NodeHome home =
        NodeHome.init(
            dir.resolve(name),
            new NodeHome.InitOptions(0, 0, "libp2p", "chicory", true),
            new SecureRandom());
    String list = String.join(", ", bootstrap.stream().map(p -> "\"" + p + "\"").toList());
    String config =
        Files.readString(home.configFile())
            .replace("/ip4/0.0.0.0/", "/ip4/127.0.0.1/")
            .replaceFirst("(?m)^mdns = true", "mdns = false")
            .replaceFirst("(?m)^bootstrap = \\[\\]", "bootstrap = [" + list + "]");
    Files.writeString(home.configFile(), config);
    NodeConfig loaded = home.loadConfig();
    Mero4jNode node =
        new Mero4jNode(
            home,
            loaded,
            home.loadIdentity(loaded),
            providers,
            Clock.systemUTC(),
            new SecureRandom());
    nodes.add(node);
    node.start();
    return node;
  }
}
