package dev.mero4j.interop.libp2p;

import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.TransportConfig;
import dev.mero4j.transport.libp2p.Libp2pTransport;
import dev.mero4j.transport.libp2p.Libp2pTransportProvider;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gossip benchmark on 127.0.0.1: one-hop latency (p50/p99) and small-message throughput between two
 * Java nodes, and between Java and js-libp2p. Run by {@code scripts/bench-transport.sh}; not part
 * of the test run.
 */
public final class TransportBenchmark {
  private static final int PAYLOAD = 32;

  private TransportBenchmark() {}

  public static void main(String[] args) throws Exception {
    boolean withJs = !Arrays.asList(args).contains("--java-only");
    int latencyRounds = intArg(args, "--latency", 5000);
    int messages = intArg(args, "--messages", 200_000);
    System.out.println(
        "| pair | one-hop p50 | one-hop p99 | messages/s (" + PAYLOAD + " B payload) |");
    System.out.println("|---|---|---|---|");
    javaToJava(latencyRounds, messages);
    if (withJs) {
      javaAndJs(Math.max(200, latencyRounds / 5), Math.max(5_000, messages / 10));
    }
  }

  private static int intArg(String[] args, String name, int dflt) {
    int i = Arrays.asList(args).indexOf(name);
    return i >= 0 ? Integer.parseInt(args[i + 1]) : dflt;
  }

  private static Libp2pTransport node(String name) {
    KeyPair id = KeyPair.fromSeed(Hash.sha256(name.getBytes(StandardCharsets.UTF_8)).toBytes());
    return new Libp2pTransportProvider()
        .start(new TransportConfig(id, List.of("/ip4/127.0.0.1/tcp/0"), List.of()));
  }

  private static String address(Libp2pTransport t) {
    return t.localPeer().listenAddresses().get(0) + "/p2p/" + t.localPeer().id();
  }

  private static byte[] stamp(long nanos) {
    return ByteBuffer.allocate(PAYLOAD).putLong(nanos).array();
  }

  private static void awaitTopicPeer(Libp2pTransport t, String topic, PeerId peer)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!t.topicPeers(topic).contains(peer)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(peer + " never joined " + topic);
      }
      Thread.sleep(10);
    }
  }

  private static void javaToJava(int rounds, int messages) throws Exception {
    try (Libp2pTransport a = node("bench-a");
        Libp2pTransport b = node("bench-b")) {
      a.dial(address(b)).toCompletableFuture().get(30, TimeUnit.SECONDS);
      gossipRow(a, b, "Java ↔ Java", "bench/", rounds, messages);
      gossipRow(
          a, b, "Java ↔ Java, Mero4j topic (payloads batched)", "/mero4j/bench/", rounds, messages);
      b.serve("/mero4j/sync/1", (from, request) -> request);
      long[] rtts = new long[rounds];
      byte[] request = new byte[PAYLOAD];
      for (int i = -rounds / 5; i < rounds; i++) {
        long t0 = System.nanoTime();
        a.request(b.localPeer().id(), "/mero4j/sync/1", request, Duration.ofSeconds(10))
            .toCompletableFuture()
            .join();
        if (i >= 0) {
          rtts[i] = System.nanoTime() - t0;
        }
      }
      row("Java ↔ Java /mero4j/sync/1 request round trip (new stream each)", rtts, Double.NaN);
    }
  }

  /**
   * One row: one-hop latency and throughput on topics named {@code prefix} + latency/throughput.
   */
  private static void gossipRow(
      Libp2pTransport a, Libp2pTransport b, String label, String prefix, int rounds, int messages)
      throws Exception {
    BlockingQueue<Long> latencies = new ArrayBlockingQueue<>(1);
    AtomicLong received = new AtomicLong();
    b.subscribe(
        prefix + "latency",
        m -> latencies.add(System.nanoTime() - ByteBuffer.wrap(m.payload()).getLong()));
    b.subscribe(prefix + "throughput", m -> received.incrementAndGet());
    awaitTopicPeer(a, prefix + "latency", b.localPeer().id());
    awaitTopicPeer(a, prefix + "throughput", b.localPeer().id());
    long[] samples = new long[rounds];
    for (int i = -rounds / 5; i < rounds; i++) {
      a.publish(prefix + "latency", stamp(System.nanoTime()));
      long l = latencies.poll(10, TimeUnit.SECONDS);
      if (i >= 0) {
        samples[i] = l;
      }
    }
    row(label, samples, throughput(a, prefix + "throughput", received, messages));
  }

  /** Publishes {@code n} messages keeping at most 20,000 in flight; returns messages per second. */
  private static double throughput(Libp2pTransport a, String topic, AtomicLong received, int n)
      throws InterruptedException {
    byte[] payload = new byte[PAYLOAD];
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      while (i - received.get() > 20_000) {
        java.util.concurrent.locks.LockSupport.parkNanos(100_000);
      }
      a.publish(topic, payload);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (received.get() < n && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    if (received.get() < n) {
      throw new IllegalStateException("only " + received.get() + " of " + n + " arrived");
    }
    return n / ((System.nanoTime() - start) / 1e9);
  }

  private static void javaAndJs(int rounds, int messages) throws Exception {
    try (Libp2pTransport java = node("bench-java");
        JsPeer js = JsPeer.start()) {
      PeerId jsId = java.dial(js.address()).toCompletableFuture().get(30, TimeUnit.SECONDS);
      js.send(Map.of("cmd", "quiet", "on", true));
      js.send(Map.of("cmd", "echo", "from", "bench/ping", "to", "bench/pong"));
      js.send(Map.of("cmd", "subscribe", "topic", "bench/throughput"));
      BlockingQueue<Long> rtts = new ArrayBlockingQueue<>(1);
      AtomicLong received = new AtomicLong();
      java.subscribe(
          "bench/pong", m -> rtts.add(System.nanoTime() - ByteBuffer.wrap(m.payload()).getLong()));
      java.subscribe("bench/js-to-java", m -> received.incrementAndGet());
      awaitTopicPeer(java, "bench/ping", jsId);
      awaitTopicPeer(java, "bench/throughput", jsId);
      js.await(
          e ->
              e.path("event").asText().equals("subscription")
                  && e.path("subscriptions").toString().contains("bench/pong"),
          Duration.ofSeconds(30));
      long[] samples = new long[rounds];
      for (int i = -rounds / 5; i < rounds; i++) {
        java.publish("bench/ping", stamp(System.nanoTime()));
        Long rtt = rtts.poll(10, TimeUnit.SECONDS);
        if (rtt == null) {
          throw new IllegalStateException("no echo from js");
        }
        if (i >= 0) {
          samples[i] = rtt / 2;
        }
      }
      double toJs = javaToJs(java, js, messages);
      long start = System.nanoTime();
      js.send(
          Map.of(
              "cmd",
              "publish",
              "topic",
              "bench/js-to-java",
              "data",
              "x".repeat(PAYLOAD - 5),
              "count",
              messages));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
      while (received.get() < messages && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      double fromJs = received.get() / ((System.nanoTime() - start) / 1e9);
      if (received.get() < messages || !js.events("error").isEmpty()) {
        throw new IllegalStateException(
            "JS -> Java: "
                + received.get()
                + " of "
                + messages
                + " arrived; js errors "
                + js.events("error")
                + ", last events "
                + js.events().subList(Math.max(0, js.events().size() - 5), js.events().size()));
      }
      row("Java → JS (latency: half the echo round trip)", samples, toJs);
      System.out.printf(Locale.ROOT, "| JS → Java | | | %,.0f |%n", fromJs);
    }
  }

  private static double javaToJs(Libp2pTransport java, JsPeer js, int n)
      throws InterruptedException {
    byte[] payload = new byte[PAYLOAD];
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      java.publish("bench/throughput", payload);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    long got = 0;
    while (got < n && System.nanoTime() < deadline) {
      int before = js.events("count").size();
      js.send(Map.of("cmd", "count", "topic", "bench/throughput"));
      js.await(
          e -> e.path("event").asText().equals("count") && js.events("count").size() > before,
          Duration.ofSeconds(30));
      got = js.events("count").get(js.events("count").size() - 1).path("n").asLong();
      Thread.sleep(20);
    }
    if (got < n) {
      throw new IllegalStateException(
          "Java -> JS: only " + got + " of " + n + " arrived; js errors " + js.events("error"));
    }
    return got / ((System.nanoTime() - start) / 1e9);
  }

  private static void row(String pair, long[] samples, double rate) {
    long[] sorted = samples.clone();
    Arrays.sort(sorted);
    double p50 = sorted[sorted.length / 2] / 1e6;
    double p99 = sorted[(int) (sorted.length * 0.99)] / 1e6;
    String r = Double.isNaN(rate) ? "" : String.format(Locale.ROOT, "%,.0f", rate);
    System.out.printf(Locale.ROOT, "| %s | %.3f ms | %.3f ms | %s |%n", pair, p50, p99, r);
  }
}
