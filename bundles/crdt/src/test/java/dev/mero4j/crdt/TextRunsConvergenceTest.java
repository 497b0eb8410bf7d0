package dev.mero4j.crdt;

import static dev.mero4j.crdt.RandomWorkload.b;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.primitives.Hash;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Typed runs that concurrent edits split (inserts inside a run, concurrent inserts at one position,
 * deletes of part of a run) converge in every delivery order, and a fixed workload keeps the root
 * hash and snapshot bytes it had when every element had its own slot.
 */
class TextRunsConvergenceTest {
  private static final String[] WORDS = {
    "a", "run", "typed", "é", "жук", "\uD83D\uDE00x", "lorem ipsum"
  };

  /** Computed by the per-element layout this one replaced. */
  private static final String ROOT_HASH =
      "330ef9b86a2a349c51c1a090659d4e19068850fb19920bf6acd422df1574d032";

  private static final String SNAPSHOT_SHA256 =
      "9528083347e647e2f79e17ff220a65096cfbc737313748481cfa72bc3a31e41c";

  @Property(tries = 30)
  void typedRunsSplitByConcurrentEditsConvergeInEveryDeliveryOrder(
      @ForAll @IntRange(min = 1, max = 60) int steps, @ForAll long seed) {
    Random random = new Random(seed);
    ManualClock clock = new ManualClock(1_700_000_000_000L);
    List<Peer> peers = List.of(new Peer(1, clock), new Peer(2, clock), new Peer(3, clock));
    List<Delta> all = run(peers, clock, random, steps);
    for (Peer peer : peers) {
      List<Delta> shuffled = new ArrayList<>(all);
      Collections.shuffle(shuffled, random);
      shuffled.forEach(peer::receive);
      assertThat(peer.waiting()).isZero();
    }
    Peer first = peers.get(0);
    for (Peer peer : peers) {
      assertThat(peer.dump()).isEqualTo(first.dump());
      assertThat(peer.state.rootHash()).isEqualTo(first.state.rootHash());
    }
    byte[] snapshot = first.state.exportSnapshot();
    ContextState loaded = ContextState.importSnapshot(snapshot, first.key, new HybridClock(clock));
    assertThat(loaded.rootHash()).isEqualTo(first.state.rootHash());
    assertThat(loaded.exportSnapshot()).isEqualTo(snapshot);
  }

  @Test
  void aFixedWorkloadKeepsTheRootHashAndSnapshotOfThePerElementLayout() {
    Random random = new Random(20261207L);
    ManualClock clock = new ManualClock(1_700_000_000_000L);
    List<Peer> peers = List.of(new Peer(1, clock), new Peer(2, clock), new Peer(3, clock));
    List<Delta> all = run(peers, clock, random, 120);
    Peer first = peers.get(0);
    all.forEach(first::receive);
    assertThat(first.state.rootHash().toHex()).isEqualTo(ROOT_HASH);
    assertThat(Hash.sha256(first.state.exportSnapshot()).toHex()).isEqualTo(SNAPSHOT_SHA256);
  }

  private static List<Delta> run(List<Peer> peers, ManualClock clock, Random random, int steps) {
    List<Delta> all = new ArrayList<>();
    for (int i = 0; i < steps; i++) {
      clock.advance(random.nextInt(3));
      Peer peer = peers.get(random.nextInt(peers.size()));
      Delta d = peer.commit(tx -> edit(tx, random));
      if (d != null) {
        all.add(d);
      }
      if (!all.isEmpty() && random.nextInt(3) == 0) {
        peers.get(random.nextInt(peers.size())).receive(all.get(random.nextInt(all.size())));
      }
    }
    return all;
  }

  private static void edit(Transaction tx, Random random) {
    TextHandle text = tx.root().text(b("t"));
    int kind = random.nextInt(6);
    if (kind <= 2 || text.length() == 0) {
      StringBuilder typed = new StringBuilder();
      for (int w = random.nextInt(3); w >= 0; w--) {
        typed.append(WORDS[random.nextInt(WORDS.length)]);
      }
      text.insert(random.nextInt(text.length() + 1), typed.toString());
    } else if (kind == 3) {
      int at = random.nextInt(text.length());
      text.delete(at, 1 + random.nextInt(Math.min(12, text.length() - at)));
    } else if (kind == 4) {
      for (int k = random.nextInt(4); k >= 0 && text.length() > 0; k--) {
        text.delete(random.nextInt(text.length()), 1);
      }
    } else {
      VectorHandle v = tx.root().vector(b("v"));
      if (v.size() == 0 || random.nextBoolean()) {
        v.insert(random.nextInt(v.size() + 1), new byte[] {(byte) random.nextInt(256)});
      } else {
        v.remove(random.nextInt(v.size()));
      }
    }
  }
}
