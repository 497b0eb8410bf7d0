package dev.mero4j.crdt.benchmarks;

import dev.mero4j.crdt.ContextState;
import dev.mero4j.crdt.HybridClock;
import dev.mero4j.crdt.MapHandle;
import dev.mero4j.crdt.Transaction;
import dev.mero4j.testdata.EditingTrace;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Heap retained per loaded document: load N copies from their snapshots, GC, divide. */
public final class MemoryFootprint {
  private static final int COPIES = 20;

  private MemoryFootprint() {}

  public static void main(String[] args) throws Exception {
    EditingTrace trace = EditingTrace.load("automerge-paper");
    ContextState paper = Fixtures.state(1);
    Transaction tx = paper.begin();
    var text = tx.root().text(Fixtures.DOC);
    trace.txns().forEach(t -> t.applyTo(text::insert, text::delete));
    tx.commit();
    report("automerge-paper document", paper.exportSnapshot());

    ContextState map = Fixtures.state(1);
    Transaction mt = map.begin();
    MapHandle m = mt.root().map(Fixtures.bytes("m"));
    for (int i = 0; i < 100_000; i++) {
      m.put(Fixtures.bytes("key" + (i * 7919L % 10_000)), Fixtures.bytes(Integer.toString(i)));
    }
    mt.commit();
    report("10k-key map document", map.exportSnapshot());
  }

  private static void report(String what, byte[] snapshot) throws InterruptedException {
    List<ContextState> keep = new ArrayList<>();
    long before = used();
    for (int i = 0; i < COPIES; i++) {
      keep.add(
          ContextState.importSnapshot(
              snapshot, Fixtures.key(1), new HybridClock(Clock.systemUTC())));
    }
    long after = used();
    System.out.printf(
        "%s: snapshot %d B, retained %.2f MiB per loaded copy (%d copies)%n",
        what, snapshot.length, (after - before) / (double) COPIES / (1 << 20), keep.size());
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
