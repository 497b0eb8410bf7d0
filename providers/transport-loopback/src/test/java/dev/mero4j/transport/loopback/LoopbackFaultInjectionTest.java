package dev.mero4j.transport.loopback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.transport.api.Message;
import dev.mero4j.transport.api.RequestTimeoutException;
import dev.mero4j.transport.api.Transport;
import dev.mero4j.transport.api.TransportConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoopbackFaultInjectionTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String TOPIC = "faults";

  private LoopbackNetwork network;
  private Transport a;
  private Transport b;
  private final List<Message> atB = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    network = new LoopbackNetwork(new Random(42));
    LoopbackTransportProvider provider = new LoopbackTransportProvider(network);
    a = provider.start(config(1));
    b = provider.start(config(2));
    a.dial(b.localPeer().listenAddresses().get(0)).toCompletableFuture().join();
    b.subscribe(TOPIC, atB::add);
    await().atMost(WAIT).until(() -> a.topicPeers(TOPIC).contains(b.localPeer().id()));
  }

  @AfterEach
  void stop() {
    a.close();
    b.close();
    network.close();
  }

  private static TransportConfig config(int n) {
    return new TransportConfig(
        KeyPair.fromSeed(Hash.sha256(new byte[] {(byte) n}).toBytes()),
        List.of("/memory/0"),
        List.of());
  }

  private void publish(String text) {
    a.publish(TOPIC, text.getBytes(StandardCharsets.UTF_8));
  }

  private List<String> received() {
    return atB.stream().map(m -> new String(m.payload(), StandardCharsets.UTF_8)).toList();
  }

  @Test
  void droppedMessagesNeverArriveAndDeliveryResumesAfterReset() {
    network.drop(1.0);
    publish("lost");
    network.reset();
    publish("kept");
    await().atMost(WAIT).until(() -> received().contains("kept"));
    assertThat(received()).containsExactly("kept");
  }

  @Test
  void duplicatedDeliveriesReachTheHandlerOnce() {
    network.duplicate(1.0);
    for (int i = 0; i < 20; i++) {
      publish("d" + i);
    }
    publish("end");
    await().atMost(WAIT).until(() -> received().contains("end"));
    assertThat(received()).hasSize(21).doesNotHaveDuplicates();
  }

  @Test
  void aPartitionBlocksTrafficUntilHealed() {
    network.partition(Set.of(a.localPeer().id()), Set.of(b.localPeer().id()));
    publish("during");
    assertThat(
            a.request(b.localPeer().id(), "/x/1", new byte[1], Duration.ofMillis(200))
                .toCompletableFuture()
                .handle((r, e) -> e)
                .join())
        .isInstanceOf(RequestTimeoutException.class);
    network.heal();
    publish("after");
    await().atMost(WAIT).until(() -> received().contains("after"));
    assertThat(received()).containsExactly("after");
  }

  @Test
  void delayedAndReorderedMessagesAllArriveButNotInSendOrder() {
    network.delay(Duration.ZERO, Duration.ofMillis(5)).reorder(0.5);
    for (int i = 0; i < 200; i++) {
      publish(Integer.toString(i));
    }
    await().atMost(WAIT).until(() -> atB.size() == 200);
    List<Integer> order = received().stream().map(Integer::parseInt).toList();
    assertThat(order)
        .doesNotHaveDuplicates()
        .hasSize(200)
        .isNotEqualTo(order.stream().sorted().toList());
  }
}
