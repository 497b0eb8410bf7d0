package dev.mero4j.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import dev.mero4j.transport.libp2p.Libp2pTransportProvider;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three nodes with real libp2p (TCP, Noise, Yamux, gossipsub) on 127.0.0.1 and MapDB files. */
class Libp2pReplicationTest {
  @TempDir Path dir;

  @Test
  void threeNodesConvergeOverRealLibp2p() {
    try (Cluster cluster =
        new Cluster(
            new Libp2pTransportProvider(),
            new MapDbStorageProvider(),
            dir,
            "/ip4/127.0.0.1/tcp/0")) {
      Cluster.Node a = cluster.add();
      Cluster.Node b = cluster.add();
      Cluster.Node c = cluster.add();
      ContextId ctx = a.contexts.create(a.app, "{}").contextId();
      Cluster.join(b, a, ctx);
      Cluster.join(c, a, ctx);
      for (int i = 0; i < 20; i++) {
        cluster
            .nodes
            .get(i % 3)
            .call(ctx, "set", "{\"key\":\"k" + i + "\",\"value\":\"" + i + "\"}");
      }
      c.call(ctx, "type_text", "{\"pos\":0,\"text\":\"p2p ✓\"}");
      cluster.awaitConverged(ctx, Duration.ofSeconds(60));
      assertThat(b.call(ctx, "len", "{}")).isEqualTo("20");
      assertThat(a.call(ctx, "text", "{}")).isEqualTo("\"p2p ✓\"");
    }
  }
}
