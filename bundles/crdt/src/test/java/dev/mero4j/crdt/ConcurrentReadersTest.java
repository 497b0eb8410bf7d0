package dev.mero4j.crdt;

import static dev.mero4j.crdt.RandomWorkload.b;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.primitives.Hash;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Readers that share a state (the runtime's read lock) see the root hash a lone reader sees. */
class ConcurrentReadersTest {
  private static final int READERS = 4;

  @Test
  void readersRacingOnARestoredStateAllSeeTheSameRootHash() throws Exception {
    ManualClock clock = new ManualClock(1_700_000_000_000L);
    Peer writer = new Peer(1, clock);
    for (int i = 0; i < 400; i++) {
      int n = i;
      writer.commit(tx -> tx.root().put(b("k" + n), b("v" + n)));
    }
    byte[] snapshot = writer.state.exportSnapshot();
    Hash expected = writer.state.rootHash();
    ExecutorService pool = Executors.newFixedThreadPool(READERS);
    try {
      for (int round = 0; round < 200; round++) {
        // A restored state has no hash cached: the first readers compute the whole tree at once.
        ContextState restored =
            ContextState.importSnapshot(snapshot, writer.key, new HybridClock(clock));
        CyclicBarrier start = new CyclicBarrier(READERS);
        List<Future<Hash>> seen = new ArrayList<>();
        for (int r = 0; r < READERS; r++) {
          seen.add(
              pool.submit(
                  () -> {
                    start.await();
                    return restored.rootHash();
                  }));
        }
        for (Future<Hash> f : seen) {
          assertThat(f.get())
              .as("root seen by a concurrent reader in round %d", round)
              .isEqualTo(expected);
        }
        assertThat(restored.rootHash()).as("root cached after round %d", round).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
