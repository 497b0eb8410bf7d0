package dev.mero4j.crdt.benchmarks;

import dev.mero4j.crdt.ContextState;
import dev.mero4j.crdt.Delta;
import dev.mero4j.crdt.DeltaCodec;
import dev.mero4j.crdt.HybridClock;
import dev.mero4j.crdt.MapHandle;
import dev.mero4j.crdt.TextHandle;
import dev.mero4j.crdt.Transaction;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.primitives.Signature;
import dev.mero4j.testdata.EditingTrace;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
 * Loro) with every transaction a delta signed into envelopes as the node signs them ({@link
 * SignedCommits}), printed as one JSON line per result.
 */
public final class Compare {
  /** Warm-up and measured runs of a whole-trace workload; the median of the measured is printed. */
  private static final int[] HEAVY = {1, 1};

  /** Warm-up and measured runs of a workload of a few milliseconds. */
  private static final int[] LIGHT = {20, 9};

  private static final int MAP_SETS = 100_000;
  private static final int MAP_KEYS = 10_000;
  private static final int MEMORY_COPIES = 20;
  private static final int SIGNATURE_CALLS = 20_000;

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
    for (boolean framed : new boolean[] {false, true}) {
      String workload = framed ? "keystrokes-framed" : "keystrokes";
      if (wanted(workload)) {
        Result ks = measure(workload, HEAVY, () -> perKeystroke(framed));
        String end = paper.endContent();
        check(workload, ks.values()[2], end.codePointCount(0, end.length()));
        long[] v = ks.values();
        print(workload, ks, signed(v[0], v[3], n) + ",\"actionBytesPerDelta\":" + fmt(v[1], n));
      }
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
      for (String workload : List.of(name, name + "-framed", name + "-unverified")) {
        if (wanted(workload)) {
          EditingTrace trace = EditingTrace.load(name);
          boolean framed = workload.endsWith("-framed");
          CausalReplay replay = new CausalReplay(trace, !workload.endsWith("-unverified"), framed);
          Result same =
              measure(workload, HEAVY, () -> replay.run().equals(trace.endContent()) ? 1 : 0);
          check(workload, same.values()[0], 1);
          long signatures = replay.signatures();
          print(
              workload,
              same,
              ",\"signatures\":"
                  + signatures
                  + ",\"deltasPerSignature\":"
                  + fmt(trace.txns().size() + 1L, (int) signatures));
        }
      }
    }
    for (boolean framed : new boolean[] {false, true}) {
      String workload = framed ? "mapSets-framed" : "mapSets";
      if (wanted(workload)) {
        Result map = measure(workload, HEAVY, () -> mapSets(framed));
        print(workload, map, signed(map.values()[0], map.values()[2], MAP_SETS));
      }
    }
    if (wanted("memory")) {
      memoryPerLoadedDocument(whole);
    }
    if (wanted("ed25519")) {
      ed25519();
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

  /**
   * Each transaction of the trace committed unsigned and signed into envelopes by a {@link
   * SignedCommits}; returns {envelope bytes, action-section bytes, final length, signatures}.
   */
  private long[] perKeystroke(boolean framed) {
    ContextState state = Fixtures.state(1);
    Transaction first = state.begin();
    TextHandle created = first.root().text(Fixtures.DOC);
    SignedCommits signer = new SignedCommits(Fixtures.key(1), framed);
    signer.add(first.commitUnsigned().orElseThrow());
    long actions = 0;
    for (EditingTrace.Txn txn : paper.txns()) {
      Transaction tx = state.begin();
      TextHandle text = tx.text(created.id());
      txn.applyTo(text::insert, text::delete);
      Delta d = tx.commitUnsigned().orElseThrow();
      signer.add(d);
      actions += DeltaCodec.actionBytes(d);
    }
    signer.flush();
    return new long[] {signer.bytes(), actions, length(state), signer.batches()};
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

  /** Returns {envelope bytes, entities, signatures}; each set is a transaction of its own. */
  private long[] mapSets(boolean framed) {
    ContextState state = Fixtures.state(1);
    Transaction first = state.begin();
    MapHandle created = first.root().map(Fixtures.bytes("m"));
    SignedCommits signer = new SignedCommits(Fixtures.key(1), framed);
    signer.add(first.commitUnsigned().orElseThrow());
    for (int i = 0; i < MAP_SETS; i++) {
      Transaction tx = state.begin();
      tx.map(created.id())
          .put(Fixtures.bytes("key" + (i * 7919L % MAP_KEYS)), Fixtures.bytes(Integer.toString(i)));
      signer.add(tx.commitUnsigned().orElseThrow());
    }
    signer.flush();
    return new long[] {signer.bytes(), state.entityCount(), signer.batches()};
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

  private static String signed(long bytes, long signatures, int deltas) {
    return ",\"bytesPerDelta\":"
        + fmt(bytes, deltas)
        + ",\"signatures\":"
        + signatures
        + ",\"deltasPerSignature\":"
        + fmt(deltas, (int) signatures);
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

  /**
   * Ed25519 per call as envelopes use it: {@code KeyPair.sign} and {@code PublicKey.verify} of
   * primitives over a 32-byte digest, the same key each time (its decoded point cached); wall time
   * and this thread's CPU time, the latter less inflated on a busy machine.
   */
  private static void ed25519() {
    KeyPair key = Fixtures.key(1);
    byte[][] digests = new byte[SIGNATURE_CALLS][];
    Signature[] signatures = new Signature[SIGNATURE_CALLS];
    for (int i = 0; i < SIGNATURE_CALLS; i++) {
      digests[i] = Hash.sha256(Fixtures.bytes("digest " + i)).toBytes();
    }
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    long[] t = new long[6]; // wall and CPU nanoseconds at start, after signing, after verifying
    for (int round = 0; round < 2; round++) { // the first round warms up
      t[0] = System.nanoTime();
      t[1] = cpu.getCurrentThreadCpuTime();
      for (int i = 0; i < SIGNATURE_CALLS; i++) {
        signatures[i] = key.sign(digests[i]);
      }
      t[2] = System.nanoTime();
      t[3] = cpu.getCurrentThreadCpuTime();
      for (int i = 0; i < SIGNATURE_CALLS; i++) {
        check("ed25519", key.publicKey().verify(digests[i], signatures[i]) ? 1 : 0, 1);
      }
      t[4] = System.nanoTime();
      t[5] = cpu.getCurrentThreadCpuTime();
    }
    double perCall = 1e3 * SIGNATURE_CALLS;
    System.out.printf(
        Locale.ROOT,
        "{\"engine\":\"mero4j\",\"workload\":\"ed25519\",\"signMicros\":%.2f,"
            + "\"verifyMicros\":%.2f,\"signCpuMicros\":%.2f,\"verifyCpuMicros\":%.2f,"
            + "\"calls\":%d}%n",
        (t[2] - t[0]) / perCall,
        (t[4] - t[2]) / perCall,
        (t[3] - t[1]) / perCall,
        (t[5] - t[3]) / perCall,
        SIGNATURE_CALLS);
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
