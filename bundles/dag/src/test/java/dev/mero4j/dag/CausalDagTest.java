package dev.mero4j.dag;

import static dev.mero4j.dag.DagPeer.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.crdt.Delta;
import dev.mero4j.crdt.DeltaCodec;
import dev.mero4j.crdt.InvalidSignatureException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CausalDagTest {
  private final DagPeer.TestClock clock = new DagPeer.TestClock();
  private final DagPeer alice = new DagPeer(1, clock);
  private final DagPeer bob = new DagPeer(2, clock);

  private List<Delta> aliceTypes(String word) {
    List<Delta> out = new ArrayList<>();
    for (char c : word.toCharArray()) {
      clock.millis++;
      out.add(alice.commit(tx -> tx.root().text(b("t")).append(String.valueOf(c))));
    }
    return out;
  }

  @Test
  void deltasDeliveredBeforeTheirParentsWaitAndApplyInCascadeWhenTheParentsArrive() {
    List<Delta> ds = aliceTypes("abc");
    assertThat(bob.dag.add(ds.get(2)).status()).isEqualTo(AddOutcome.Status.PENDING);
    assertThat(bob.dag.add(ds.get(1)).status()).isEqualTo(AddOutcome.Status.PENDING);
    assertThat(bob.dag.missingParents(10)).containsExactly(ds.get(0).id());
    AddOutcome outcome = bob.dag.add(ds.get(0));
    assertThat(outcome.status()).isEqualTo(AddOutcome.Status.APPLIED);
    assertThat(outcome.applied()).containsExactly(ds.get(0).id(), ds.get(1).id(), ds.get(2).id());
    assertThat(bob.dag.pendingCount()).isZero();
    assertThat(bob.dag.heads()).isEqualTo(alice.dag.heads());
    assertThat(bob.dag.state().rootHash()).isEqualTo(alice.dag.state().rootHash());
  }

  @Test
  void aDeltaAddedTwiceIsReportedAsDuplicate() {
    Delta d = aliceTypes("x").get(0);
    bob.dag.add(d);
    assertThat(bob.dag.add(d).status()).isEqualTo(AddOutcome.Status.DUPLICATE);
    assertThat(bob.dag.add(DeltaCodec.decode(DeltaCodec.encode(d))).status())
        .isEqualTo(AddOutcome.Status.DUPLICATE);
  }

  @Test
  void aFullPendingBufferEvictsTheOldestAndCountsIt() {
    DagPeer small = new DagPeer(3, clock, DagPeer.memory(), new DagConfig(2, 10));
    List<Delta> ds = aliceTypes("abcd");
    small.dag.add(ds.get(1));
    small.dag.add(ds.get(2));
    small.dag.add(ds.get(3));
    assertThat(small.dag.pendingCount()).isEqualTo(2);
    assertThat(small.dag.evictedCount()).isEqualTo(1);
    assertThat(small.dag.isPending(ds.get(1).id())).isFalse();
    small.dag.add(ds.get(0));
    assertThat(small.dag.missingParents(5)).containsExactly(ds.get(1).id());
    small.dag.add(ds.get(1));
    assertThat(small.dag.state().rootHash()).isEqualTo(alice.dag.state().rootHash());
  }

  @Test
  void aDroppedPendingDeltaIsForgottenAndAppliesWhenDeliveredAgainAfterItsParent() {
    List<Delta> ds = aliceTypes("ab");
    bob.dag.add(ds.get(1));
    assertThat(bob.dag.pendingIds()).containsExactly(ds.get(1).id());
    assertThat(bob.dag.dropPending(ds.get(1).id())).isTrue();
    assertThat(bob.dag.dropPending(ds.get(1).id())).isFalse();
    assertThat(bob.dag.contains(ds.get(1).id())).isFalse();
    assertThat(bob.dag.add(ds.get(0)).applied()).containsExactly(ds.get(0).id());
    assertThat(bob.dag.add(ds.get(1)).status()).isEqualTo(AddOutcome.Status.APPLIED);
    assertThat(bob.dag.state().rootHash()).isEqualTo(alice.dag.state().rootHash());
  }

  @Test
  void aDeltaWithABadSignatureIsRejectedAndNotStored() {
    Delta d = aliceTypes("x").get(0);
    byte[] bytes = DeltaCodec.encode(d);
    bytes[bytes.length - 3] ^= 4;
    Delta forged = DeltaCodec.decode(bytes);
    assertThatThrownBy(() -> bob.dag.add(forged)).isInstanceOf(InvalidSignatureException.class);
    assertThat(bob.dag.contains(d.id())).isFalse();
  }

  @Test
  void afterACheckpointPrunedDeltasAreGoneButLateChildrenStillApplyAndTheSnapshotCatchesUpAPeer() {
    DagPeer pruning = new DagPeer(4, clock, DagPeer.memory(), new DagConfig(100, 1));
    List<Delta> ds = aliceTypes("abcd");
    ds.subList(0, 3).forEach(pruning.dag::add);
    pruning.dag.checkpoint();
    assertThat(pruning.dag.get(ds.get(0).id())).isEmpty();
    assertThat(pruning.dag.get(ds.get(2).id())).contains(ds.get(2));
    assertThat(pruning.dag.add(ds.get(3)).status()).isEqualTo(AddOutcome.Status.APPLIED);

    byte[] snapshot = pruning.dag.snapshot().orElseThrow();
    var restored =
        dev.mero4j.crdt.ContextState.importSnapshot(
            snapshot, bob.key, new dev.mero4j.crdt.HybridClock(clock));
    restored.apply(ds.get(3));
    assertThat(restored.rootHash()).isEqualTo(alice.dag.state().rootHash());
  }
}
