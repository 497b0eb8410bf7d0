package dev.mero4j.dag;

import static dev.mero4j.dag.DagPeer.b;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.crdt.Delta;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DAG and state survive a restart on MapDB exactly: heads, root hash, pending set. */
class DagRestartTest {
  @TempDir Path dir;

  @Test
  void aRestartedNodeResumesWithTheSameHeadsRootHashAndPendingDeltas() {
    DagPeer.TestClock clock = new DagPeer.TestClock();
    DagPeer alice = new DagPeer(1, clock);
    List<Delta> ds = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      clock.millis++;
      int n = i;
      ds.add(
          alice.commit(
              tx -> {
                tx.root().text(b("t")).append("x" + n);
                tx.root().map(b("m")).put(b("k" + (n % 3)), b("v" + n));
                tx.root().pnCounter(b("c")).increment(n % 2 == 0 ? 1 : -1);
              }));
    }
    var beforeHeads = new Object[1];
    var beforeHash = new Object[1];
    try (StorageEngine engine = new MapDbStorageProvider().open(StorageConfig.at(dir))) {
      DagPeer bob = new DagPeer(2, clock, engine, new DagConfig(100, 5));
      ds.subList(0, 10).forEach(bob.dag::add);
      bob.dag.checkpoint();
      ds.subList(10, 15).forEach(bob.dag::add);
      bob.dag.add(ds.get(17));
      bob.dag.add(ds.get(18));
      assertThat(bob.dag.pendingCount()).isEqualTo(2);
      beforeHeads[0] = bob.dag.heads();
      beforeHash[0] = bob.dag.state().rootHash();
    }
    try (StorageEngine engine = new MapDbStorageProvider().open(StorageConfig.at(dir))) {
      DagPeer bob = new DagPeer(2, clock, engine, new DagConfig(100, 5));
      assertThat(bob.dag.heads()).isEqualTo(beforeHeads[0]);
      assertThat(bob.dag.state().rootHash()).isEqualTo(beforeHash[0]);
      assertThat(bob.dag.pendingCount()).isEqualTo(2);
      assertThat(bob.dag.isPending(ds.get(17).id())).isTrue();
      assertThat(bob.dag.missingParents(10)).containsExactly(ds.get(16).id());
      ds.subList(15, 20).forEach(bob.dag::add);
      assertThat(bob.dag.state().rootHash()).isEqualTo(alice.dag.state().rootHash());
    }
  }

  @Test
  void aBufferedDeltaAcceptedUnderItsEnvelopeReplaysWithoutItsOwnSignatureCheckedAgain() {
    DagPeer.TestClock clock = new DagPeer.TestClock();
    DagPeer alice = new DagPeer(1, clock);
    Delta parent = alice.commit(tx -> tx.root().map(b("m")).put(b("a"), b("1")));
    byte[] covered = alice.dag.state().exportSnapshot();
    clock.millis++;
    Delta child = alice.commit(tx -> tx.root().map(b("m")).put(b("b"), b("2")));
    // A relay may swap the signature bytes, which neither the id nor the envelope signature covers.
    byte[] bytes = dev.mero4j.crdt.DeltaCodec.encode(child);
    bytes[bytes.length - 1] ^= 1;
    Delta resigned = dev.mero4j.crdt.DeltaCodec.decode(bytes);
    assertThat(resigned.id()).isEqualTo(child.id());
    assertThat(resigned.verifySignature()).isFalse();
    StorageEngine engine = DagPeer.memory();
    DagPeer bob = new DagPeer(2, clock, engine, DagConfig.DEFAULTS);
    assertThat(bob.dag.addVerified(resigned).status()).isEqualTo(AddOutcome.Status.PENDING);
    bob.dag.installSnapshot(covered, List.of(parent.id()), new dev.mero4j.storage.api.WriteBatch());
    DagPeer reopened = new DagPeer(2, clock, engine, DagConfig.DEFAULTS);
    assertThat(reopened.dag.pendingCount()).isZero();
    assertThat(reopened.dag.heads()).containsExactly(child.id());
    assertThat(reopened.dag.state().rootHash()).isEqualTo(alice.dag.state().rootHash());
  }
}
