package dev.mero4j.it.nat;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures joins and replication across the NATs of {@link ThreeHomes}, in {@code RUNS} fresh
 * topologies: the time from sending the join to the joiner's first read of the inviter's data, and
 * the replication latency (write on A to read on the other node, and the round trip: that node then
 * writes an answer A reads) over the direct path (A and B, once hole punching made their connection
 * direct) and over the relayed path (A and C, whose symmetric NAT keeps it relayed). Each figure is
 * reported per run and as the median of the runs' medians. Not part of the test suite (the name
 * does not end in Test); {@code integration-tests/nat-it/bench.sh} runs it and prints {@code
 * target/nat-benchmark.txt}.
 */
class NatJoinBenchmark {
  private static final int RUNS = Integer.getInteger("mero4j.bench.runs", 3);
  private static final int ROUNDS = Integer.getInteger("mero4j.bench.rounds", 10);
  private static final int SAMPLES = Integer.getInteger("mero4j.bench.samples", 50);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  @TempDir static Path dir;

  private final List<String> report = new ArrayList<>();

  /** Per figure, the median of each run. */
  private final Map<String, List<Double>> medians = new LinkedHashMap<>();

  @Test
  void measure() throws Exception {
    try {
      line(
          "runs %d, rounds %d, latency samples %d, load average %s",
          RUNS, ROUNDS, SAMPLES, loadAverage());
      for (int run = 1; run <= RUNS; run++) {
        line("-- run %d", run);
        run(dir.resolve("run" + run));
      }
      line("-- medians of the %d runs' medians (ms)", RUNS);
      medians.forEach((what, values) -> line("%-48s %8.1f  %s", what, median(values), values));
    } finally {
      Path out = Path.of("target", "nat-benchmark.txt");
      Files.write(out, report);
      report.forEach(System.out::println);
    }
  }

  private void run(Path runDir) throws Exception {
    try (ThreeHomes homes = ThreeHomes.start(runDir)) {
      String app = homes.relay.installBundledApp("kv-store.wasm");
      homes.a.installBundledApp("kv-store.wasm");
      joins(
          "join public relay -> A (one NAT)",
          homes.relay,
          homes.a,
          app,
          ctx -> homes.a.join(homes.relay.invite(ctx)));
      await("A's relay reservation")
          .atMost(READ_TIMEOUT)
          .until(() -> !homes.a.relayAddresses().isEmpty());
      String direct =
          joins(
              "join A -> B (two endpoint-independent NATs)",
              homes.a,
              homes.b,
              app,
              ctx -> homes.join(homes.b, ctx));
      String relayed =
          joins(
              "join A -> C (endpoint-independent + symmetric)",
              homes.a,
              homes.c,
              app,
              ctx -> homes.join(homes.c, ctx));
      boolean punched = awaitDirect(homes, homes.b);
      latency(punched ? "direct A <-> B" : "A <-> B (NOT direct)", homes, homes.b, direct);
      latency("relayed A <-> C", homes, homes.c, relayed);
      line(
          "hole-punch packets 1->2 %d, 2->1 %d, 1->3 %d, 3->1 %d; home 1's TCP peers %s",
          homes.net.dials(1, 2),
          homes.net.dials(2, 1),
          homes.net.dials(1, 3),
          homes.net.dials(3, 1),
          homes.net.home(1).host().tcpPeers());
    }
  }

  private boolean awaitDirect(ThreeHomes homes, NsNode node) {
    try {
      await(node.name + "'s connection to A is direct")
          .atMost(READ_TIMEOUT)
          .until(
              () ->
                  node.connectionTo(homes.a.peerId()).map(NatJoinBenchmark::direct).orElse(false));
      return true;
    } catch (AssertionError e) {
      line("%s's connection to A stayed relayed: %s", node.name, e.getMessage());
      return false;
    }
  }

  private static boolean direct(JsonNode connection) {
    return !connection.path("relayed").asBoolean(true);
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
      record(what + ", first", millis.subList(0, 1));
      record(what + ", later", millis.subList(1, millis.size()));
      return ctx;
    } catch (RuntimeException | AssertionError e) {
      line("%s: FAILED after %d rounds: %s", what, millis.size(), e.getMessage());
      return null;
    }
  }

  /**
   * Write on A, read on {@code peer} (replication); then {@code peer} answers with a write that A
   * reads (round trip, from A's write to A's read of the answer).
   */
  private void latency(String what, ThreeHomes homes, NsNode peer, String ctx) {
    if (ctx == null) {
      line("%s: not measured (no joined context)", what);
      return;
    }
    List<Double> oneWay = new ArrayList<>();
    List<Double> roundTrip = new ArrayList<>();
    try {
      for (int i = 0; i < SAMPLES; i++) {
        long start = System.nanoTime();
        homes.a.call(ctx, "set", "{\"key\":\"lat" + i + "\",\"value\":\"" + i + "\"}");
        awaitValue(peer, ctx, "lat" + i, Integer.toString(i));
        oneWay.add((System.nanoTime() - start) / 1e6);
        peer.call(ctx, "set", "{\"key\":\"ack" + i + "\",\"value\":\"" + i + "\"}");
        awaitValue(homes.a, ctx, "ack" + i, Integer.toString(i));
        roundTrip.add((System.nanoTime() - start) / 1e6);
      }
      record(what + ": write -> read", oneWay);
      record(what + ": round trip", roundTrip);
      String path =
          peer.connectionTo(homes.a.peerId()).map(JsonNode::toString).orElse("(not listed)");
      line("%s: connection %s", what, path);
    } catch (RuntimeException | AssertionError e) {
      line("%s: FAILED after %d samples: %s", what, oneWay.size(), e.getMessage());
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

  /** Reports {@code millis} and keeps its median for the summary over runs. */
  private void record(String what, List<Double> millis) {
    if (millis.isEmpty()) {
      line("%s: no samples", what);
      return;
    }
    List<Double> sorted = millis.stream().sorted().toList();
    medians.computeIfAbsent(what, k -> new ArrayList<>()).add(median(sorted));
    line(
        "%s: p50 %.1f ms, p90 %.1f ms, min %.1f ms, max %.1f ms (n=%d)",
        what,
        median(sorted),
        sorted.get(Math.min(sorted.size() - 1, sorted.size() * 9 / 10)),
        sorted.get(0),
        sorted.get(sorted.size() - 1),
        sorted.size());
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private void line(String format, Object... args) {
    report.add(String.format(Locale.ROOT, format, args));
  }

  private static String loadAverage() throws IOException {
    return Files.readString(Path.of("/proc/loadavg")).strip();
  }
}
