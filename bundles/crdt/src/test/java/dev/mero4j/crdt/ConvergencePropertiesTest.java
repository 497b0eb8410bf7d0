package dev.mero4j.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Law tests: every delivery order of the same deltas yields the same state and root hash. */
class ConvergencePropertiesTest {

  @Property(tries = 40)
  void replicasWithShuffledDuplicatedDelayedDeliveryConverge(
      @ForAll @IntRange(min = 2, max = 5) int replicas,
      @ForAll @IntRange(min = 1, max = 60) int steps,
      @ForAll long seed) {
    Random random = new Random(seed);
    ManualClock clock = new ManualClock(1_700_000_000_000L);
    List<Peer> peers = new ArrayList<>();
    for (int i = 0; i < replicas; i++) {
      peers.add(new Peer(i + 1, clock));
    }
    List<Delta> all = RandomWorkload.run(peers, clock, random, steps);
    for (Peer peer : peers) {
      List<Delta> shuffled = new ArrayList<>(all);
      shuffled.addAll(all.subList(0, all.size() / 2));
      Collections.shuffle(shuffled, random);
      shuffled.forEach(peer::receive);
      assertThat(peer.waiting()).isZero();
    }
    Peer first = peers.get(0);
    for (Peer peer : peers) {
      assertThat(peer.dump()).isEqualTo(first.dump());
      assertThat(peer.state.rootHash()).isEqualTo(first.state.rootHash());
      assertThat(peer.state.heads()).isEqualTo(first.state.heads());
    }
  }

  @Property(tries = 25)
  void mergeIsCommutativeAssociativeAndIdempotent(
      @ForAll @IntRange(min = 1, max = 30) int steps, @ForAll long seed) {
    Random random = new Random(seed);
    ManualClock clock = new ManualClock(1_700_000_000_000L);
    List<Peer> writers = List.of(new Peer(1, clock), new Peer(2, clock), new Peer(3, clock));
    RandomWorkload.run(writers, clock, random, steps);
    // each writer's own history is a state; observers merge them in different orders
    List<List<Delta>> histories = new ArrayList<>();
    for (Peer w : writers) {
      histories.add(w.history());
    }
    Peer abc = observer(clock, histories, 0, 1, 2);
    Peer cba = observer(clock, histories, 2, 1, 0);
    Peer bac = observer(clock, histories, 1, 0, 2);
    Peer twice = observer(clock, histories, 0, 1, 2, 0, 1, 2);
    for (Peer p : List.of(cba, bac, twice)) {
      assertThat(p.state.rootHash()).isEqualTo(abc.state.rootHash());
      assertThat(p.dump()).isEqualTo(abc.dump());
    }
  }

  private static Peer observer(ManualClock clock, List<List<Delta>> histories, int... order) {
    Peer observer = new Peer(99, clock);
    for (int i : order) {
      histories.get(i).forEach(observer::receive);
    }
    return observer;
  }
}
