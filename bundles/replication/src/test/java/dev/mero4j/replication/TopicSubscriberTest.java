package dev.mero4j.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.replication.internal.SyncCodec;
import dev.mero4j.replication.internal.SyncFrame;
import dev.mero4j.replication.internal.SyncProtocol;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import dev.mero4j.transport.api.Transport;
import dev.mero4j.transport.api.TransportConfig;
import dev.mero4j.transport.libp2p.Libp2pTransportProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What docs/security.md says a connected non-member learns from a context's topic, over real libp2p
 * on 127.0.0.1: the member announces the topic name to it, and under that name it receives the
 * context's frames, sealed, without the context id or any content.
 */
class TopicSubscriberTest {
  @TempDir Path dir;

  @Test
  void aConnectedNonMemberSeesTheTopicNameAndSealedFramesButNoContextIdOrContent()
      throws Exception {
    try (Cluster cluster =
        new Cluster(
            new Libp2pTransportProvider(),
            new MapDbStorageProvider(),
            dir,
            "/ip4/127.0.0.1/tcp/0")) {
      Cluster.Node member = cluster.add();
      ContextId ctx = member.contexts.create(member.app, "{}").contextId();
      member.call(ctx, "set", "{\"key\":\"a\",\"value\":\"first\"}");
      String topic = SyncProtocol.topic(member.contexts.rendezvousSecret(ctx));
      byte[] seed = new byte[32];
      new SecureRandom().nextBytes(seed);
      Transport stranger =
          new Libp2pTransportProvider()
              .start(
                  new TransportConfig(
                      KeyPair.fromSeed(seed), List.of("/ip4/127.0.0.1/tcp/0"), List.of()));
      try {
        Transport.PeerInfo info = member.transport.localPeer();
        stranger
            .dial(info.listenAddresses().get(0) + "/p2p/" + info.id())
            .toCompletableFuture()
            .get(20, TimeUnit.SECONDS);
        await("the member announces its topic to a peer that proved nothing")
            .atMost(Duration.ofSeconds(20))
            .until(() -> stranger.topicPeers(topic).contains(info.id()));

        List<byte[]> frames = new CopyOnWriteArrayList<>();
        stranger.subscribe(topic, message -> frames.add(message.payload()));
        await("the member meshes with the subscriber")
            .atMost(Duration.ofSeconds(20))
            .until(() -> member.transport.topicPeers(topic).contains(stranger.localPeer().id()));
        member.call(ctx, "set", "{\"key\":\"k\",\"value\":\"plain-text-value\"}");
        await("the subscriber receives the write's delta")
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    frames.stream().anyMatch(f -> SyncCodec.decode(f) instanceof SyncFrame.Delta));

        String id = HexFormat.of().formatHex(ctx.toBytes());
        String content = HexFormat.of().formatHex("plain-text".getBytes(StandardCharsets.UTF_8));
        assertThat(frames)
            .as("sealed frames: no context id, no content")
            .allSatisfy(
                f -> {
                  assertThat(SyncCodec.decode(f))
                      .isInstanceOfAny(
                          SyncFrame.Delta.class,
                          SyncFrame.Heartbeat.class,
                          SyncFrame.Governance.class);
                  assertThat(HexFormat.of().formatHex(f)).doesNotContain(id, content);
                });
      } finally {
        stranger.close();
      }
    }
  }
}
