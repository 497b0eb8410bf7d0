package dev.mero4j.it.nat;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures joins and replication across the NATs of {@link ThreeHomes}: the time from sending the
 * join to the first read of the inviter's data on the joiner, and the time from a write on one node
 * to its read on the other over a direct and over a relayed connection. Not part of the test suite
 * (the name does not end in Test); {@code integration-tests/nat-it/bench.sh} runs it and prints
 * {@code target/nat-benchmark.txt}.
 */
class NatJoinBenchmark {
  private static final int ROUNDS = Integer.getInteger("mero4j.bench.rounds", 10);
  private static final int SAMPLES = Integer.getInteger("mero4j.bench.samples", 50);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  @TempDir static Path dir;

  private final List<String> report = new ArrayList<>();

  @Test
  void measure() throws Exception {
    try (ThreeHomes homes = ThreeHomes.start(dir)) {
      String app = homes.relay.installBundledApp("kv-store.wasm");
      homes.a.installBundledApp("kv-store.wasm");
      line("rounds %d, latency samples %d, load average %s", ROUNDS, SAMPLES, loadAverage());
      joins(
          "public relay -> A (one NAT)",
          homes.relay,
          homes.a,
          app,
          ctx -> homes.a.join(homes.relay.invite(ctx)));
      await("A's relay reservation")
          .atMost(READ_TIMEOUT)
          .until(() -> !homes.a.relayAddresses().isEmpty());
      String direct =
          joins(
              "A -> B (two endpoint-independent NATs)",
              homes.a,
              homes.b,
              app,
              ctx -> homes.join(homes.b, ctx));
      String relayed =
          joins(
              "A -> C (endpoint-independent + symmetric NAT)",
              homes.a,
              homes.c,
              app,
              ctx -> homes.join(homes.c, ctx));
      latency("A -> B", homes, homes.b, direct);
      latency("A -> C", homes, homes.c, relayed);
      line(
          "hole-punch packets 1->2 %d, 2->1 %d, 1->3 %d, 3->1 %d; home 1's TCP peers %s",
          homes.net.dials(1, 2),
          homes.net.dials(2, 1),
          homes.net.dials(1, 3),
          homes.net.dials(3, 1),
          homes.net.home(1).host().tcpPeers());
    } finally {
      Path out = Path.of("target", "nat-benchmark.txt");
      Files.write(out, report);
      report.forEach(System.out::println);
    }
  }

  /**
   * {@code ROUNDS} times: {@code creator} makes a context and writes to it, then {@code join} makes
   * {@code joiner} join it; timed until the joiner reads the write. Returns the last context, or
   * null when a round failed.
   */
  private String joins(
      String what, NsNode creator, NsNode joiner, String app, Consumer<String> join) {
    List<Double> millis = new ArrayList<>();
    String ctx = null;
    try {
      for (int round = 0; round < ROUNDS; round++) {
        ctx = creator.createContext(app);
        creator.call(ctx, "set", "{\"key\":\"seed\",\"value\":\"" + round + "\"}");
        long start = System.nanoTime();
        join.accept(ctx);
        awaitValue(joiner, ctx, "seed", Integer.toString(round));
        millis.add((System.nanoTime() - start) / 1e6);
      }
      line(
          "join %s: first %.0f ms, then %s",
          what, millis.get(0), stats(millis.subList(1, millis.size())));
      return ctx;
    } catch (RuntimeException | AssertionError e) {
      line("join %s: FAILED after %d rounds: %s", what, millis.size(), e.getMessage());
      return null;
    }
  }

  /** Write on A, read on {@code reader}, one key at a time. */
  private void latency(String what, ThreeHomes homes, NsNode reader, String ctx) {
    if (ctx == null) {
      line("write -> read %s: not measured (no joined context)", what);
      return;
    }
    List<Double> millis = new ArrayList<>();
    try {
      for (int i = 0; i < SAMPLES; i++) {
        long start = System.nanoTime();
        homes.a.call(ctx, "set", "{\"key\":\"lat" + i + "\",\"value\":\"" + i + "\"}");
        awaitValue(reader, ctx, "lat" + i, Integer.toString(i));
        millis.add((System.nanoTime() - start) / 1e6);
      }
      String path =
          reader.connectionTo(homes.a.peerId()).map(JsonNode::toString).orElse("(not listed)");
      line("write -> read %s: %s; connection %s", what, stats(millis), path);
    } catch (RuntimeException | AssertionError e) {
      line("write -> read %s: FAILED after %d samples: %s", what, millis.size(), e.getMessage());
    }
  }

  private static void awaitValue(NsNode node, String ctx, String key, String value) {
    await(node.name + " reads " + key)
        .atMost(READ_TIMEOUT)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(2))
        .ignoreExceptions()
        .until(() -> node.call(ctx, "get", "{\"key\":\"" + key + "\"}").asText().equals(value));
  }

  private static String stats(List<Double> millis) {
    if (millis.isEmpty()) {
      return "no samples";
    }
    List<Double> sorted = millis.stream().sorted().toList();
    return String.format(
        Locale.ROOT,
        "p50 %.1f ms, p90 %.1f ms, min %.1f ms, max %.1f ms (n=%d)",
        sorted.get(sorted.size() / 2),
        sorted.get(Math.min(sorted.size() - 1, sorted.size() * 9 / 10)),
        sorted.get(0),
        sorted.get(sorted.size() - 1),
        sorted.size());
  }

  private void line(String format, Object... args) {
    report.add(String.format(Locale.ROOT, format, args));
  }

  private static String loadAverage() throws IOException {
    return Files.readString(Path.of("/proc/loadavg")).strip();
  }
}
