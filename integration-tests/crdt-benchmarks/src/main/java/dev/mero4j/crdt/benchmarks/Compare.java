package dev.mero4j.crdt.benchmarks;

import dev.mero4j.crdt.ContextState;
import dev.mero4j.crdt.Delta;
import dev.mero4j.crdt.DeltaCodec;
import dev.mero4j.crdt.HybridClock;
import dev.mero4j.crdt.MapHandle;
import dev.mero4j.crdt.TextHandle;
import dev.mero4j.crdt.Transaction;
import dev.mero4j.testdata.EditingTrace;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Mero4j's side of {@code compare.sh}: the workloads and schedule of {@code js/bench.mjs} (Yjs and
 * Loro) with every transaction a signed, encoded delta, printed as one JSON line per result.
 */
public final class Compare {
  /** Warm-up and measured runs of a whole-trace workload; the median of the measured is printed. */
  private static final int[] HEAVY = {1, 1};

  /** Warm-up and measured runs of a workload of a few milliseconds. */
  private static final int[] LIGHT = {20, 9};

  private static final int MAP_SETS = 100_000;
  private static final int MAP_KEYS = 10_000;
  private static final int MEMORY_COPIES = 20;

  /** ONLY=mapSets,load (environment) runs just those workloads; compare.sh runs each alone. */
  private static final Set<String> ONLY =
      Arrays.stream(System.getenv().getOrDefault("ONLY", "").split(","))
          .filter(w -> !w.isEmpty())
          .collect(Collectors.toUnmodifiableSet());

  private final EditingTrace paper = EditingTrace.load("automerge-paper");

  /** The median time of the measured runs and the values the last run returned. */
  private record Result(double millis, long[] values) {}

  private Compare() {}

  /** Runs every workload once (after its warm-ups) and prints the results. */
  public static void main(String[] args) throws InterruptedException {
    new Compare().run();
  }

  private void run() throws InterruptedException {
    int n = paper.txns().size();
    byte[] whole = snapshot(1, n);
    if (wanted("keystrokes")) {
      Result ks = measure("keystrokes", HEAVY, this::perKeystroke);
      String end = paper.endContent();
      check("keystrokes", ks.values()[2], end.codePointCount(0, end.length()));
      long[] sizes = ks.values();
      print(
          "keystrokes", ks, perDelta(sizes[0], n) + ",\"actionBytesPerDelta\":" + fmt(sizes[1], n));
    }
    if (wanted("oneTransaction")) {
      Supplier<Object> one = () -> DeltaCodec.encode(oneTransaction(Fixtures.state(1), n)).length;
      print("oneTransaction", measure("oneTransaction", HEAVY, one), "");
    }
    if (wanted("load")) {
      Result load = measure("load", LIGHT, () -> length(load(whole)));
      print("load", load, ",\"snapshotBytes\":" + whole.length);
    }
    if (wanted("merge")) {
      print("merge", merge(snapshot(1, n / 2), oneTransaction(Fixtures.state(2), n / 2)), "");
    }
    for (String name : List.of("friendsforever", "clownschool")) {
      for (String workload : List.of(name, name + "-unverified")) {
        if (wanted(workload)) {
          EditingTrace trace = EditingTrace.load(name);
          CausalReplay replay = new CausalReplay(trace, workload.equals(name));
          Result same =
              measure(workload, HEAVY, () -> replay.run().equals(trace.endContent()) ? 1 : 0);
          check(workload, same.values()[0], 1);
          print(workload, same, "");
        }
      }
    }
    if (wanted("mapSets")) {
      Result map = measure("mapSets", HEAVY, this::mapSets);
      print("mapSets", map, perDelta(map.values()[0], MAP_SETS));
    }
    if (wanted("memory")) {
      memoryPerLoadedDocument(whole);
    }
  }

  private static boolean wanted(String workload) {
    return ONLY.isEmpty() || ONLY.contains(workload);
  }

  private Delta oneTransaction(ContextState state, int to) {
    Transaction tx = state.begin();
    TextHandle text = tx.root().text(Fixtures.DOC);
    for (int i = 0; i < to; i++) {
      paper.txns().get(i).applyTo(text::insert, text::delete);
    }
    return tx.commit().orElseThrow();
  }

  private byte[] snapshot(int seed, int to) {
    ContextState state = Fixtures.state(seed);
    oneTransaction(state, to);
    return state.exportSnapshot();
  }

  private static ContextState load(byte[] snapshot) {
    return ContextState.importSnapshot(
        snapshot, Fixtures.key(1), new HybridClock(Clock.systemUTC()));
  }

  private static long length(ContextState state) {
    return state.read().root().text(Fixtures.DOC).length();
  }

  /** Returns {encoded bytes, action-section bytes, final length}. */
  private long[] perKeystroke() {
    ContextState state = Fixtures.state(1);
    Transaction first = state.begin();
    TextHandle created = first.root().text(Fixtures.DOC);
    first.commit();
    long bytes = 0;
    long actions = 0;
    for (EditingTrace.Txn txn : paper.txns()) {
      Transaction tx = state.begin();
      TextHandle text = tx.text(created.id());
      txn.applyTo(text::insert, text::delete);
      Delta d = tx.commit().orElseThrow();
      bytes += DeltaCodec.encode(d).length;
      actions += DeltaCodec.actionBytes(d);
    }
    return new long[] {bytes, actions, length(state)};
  }

  /** Times only the merge: each run first loads a fresh copy of the first replica, untimed. */
  private static Result merge(byte[] halfA, Delta halfB) {
    double[] times = new double[LIGHT[1]];
    for (int i = 0; i < LIGHT[0] + LIGHT[1]; i++) {
      ContextState target = load(halfA);
      long t0 = System.nanoTime();
      target.apply(halfB);
      length(target);
      if (i >= LIGHT[0]) {
        times[i - LIGHT[0]] = (System.nanoTime() - t0) / 1e6;
      }
    }
    return new Result(median(times), new long[0]);
  }

  /** Returns {encoded bytes, entities}. */
  private long[] mapSets() {
    ContextState state = Fixtures.state(1);
    Transaction first = state.begin();
    MapHandle created = first.root().map(Fixtures.bytes("m"));
    first.commit();
    long total = 0;
    for (int i = 0; i < MAP_SETS; i++) {
      Transaction tx = state.begin();
      tx.map(created.id())
          .put(Fixtures.bytes("key" + (i * 7919L % MAP_KEYS)), Fixtures.bytes(Integer.toString(i)));
      total += DeltaCodec.encode(tx.commit().orElseThrow()).length;
    }
    return new long[] {total, state.entityCount()};
  }

  /** Runs {@code body} per {@code schedule}; it returns a long[] or a number. */
  private static Result measure(String name, int[] schedule, Supplier<Object> body) {
    double[] times = new double[schedule[1]];
    Object last = null;
    for (int i = 0; i < schedule[0] + schedule[1]; i++) {
      long t0 = System.nanoTime();
      last = body.get();
      if (i >= schedule[0]) {
        times[i - schedule[0]] = (System.nanoTime() - t0) / 1e6;
      }
    }
    long[] values;
    if (last instanceof long[]) {
      values = (long[]) last;
    } else if (last instanceof Number) {
      values = new long[] {((Number) last).longValue()};
    } else {
      throw new IllegalStateException(name + " returned " + last);
    }
    return new Result(median(times), values);
  }

  private static double median(double[] times) {
    double[] sorted = times.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static String perDelta(long bytes, int deltas) {
    return ",\"bytesPerDelta\":" + fmt(bytes, deltas);
  }

  private static String fmt(long total, int count) {
    return String.format(Locale.ROOT, "%.2f", (double) total / count);
  }

  private static void print(String workload, Result measured, String extra) {
    System.out.printf(
        Locale.ROOT,
        "{\"engine\":\"mero4j\",\"workload\":\"%s\",\"ms\":%.3f%s}%n",
        workload,
        measured.millis(),
        extra);
  }

  private static void check(String workload, long actual, long expected) {
    if (actual != expected) {
      throw new IllegalStateException(workload + ": got " + actual + ", expected " + expected);
    }
  }

  private static void memoryPerLoadedDocument(byte[] snapshot) throws InterruptedException {
    List<ContextState> keep = new ArrayList<>();
    long before = used();
    for (int i = 0; i < MEMORY_COPIES; i++) {
      keep.add(load(snapshot));
    }
    long after = used();
    System.out.printf(
        Locale.ROOT,
        "{\"engine\":\"mero4j\",\"workload\":\"memory\",\"mib\":%.4f,\"copies\":%d}%n",
        (after - before) / (double) MEMORY_COPIES / (1 << 20),
        keep.size());
  }

  private static long used() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
