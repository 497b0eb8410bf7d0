package dev.mero4j.dag;

import static dev.mero4j.dag.DagPeer.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.crdt.Delta;
import dev.mero4j.crdt.HybridClock;
import dev.mero4j.dag.internal.DagStore;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.storage.api.KeyValue;
import dev.mero4j.storage.api.KeyValueCursor;
import dev.mero4j.storage.api.Keyspace;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.api.StorageSnapshot;
import dev.mero4j.storage.api.WriteBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Adds inside {@link CausalDag#inOneCommit} reach storage as one batch, a DAG given the owner's
 * copies of its deltas ({@link DeltaBodies}) stores references, not a second copy, and only a delta
 * that waited for its parents has its pending record deleted (issue 17).
 */
class DagCommitTest {
  private final DagPeer.TestClock clock = new DagPeer.TestClock();
  private final DagPeer alice = new DagPeer(1, clock);
  private final Recording engine = new Recording(DagPeer.memory());

  private List<Delta> aliceTypes(String word) {
    List<Delta> out = new ArrayList<>();
    for (char c : word.toCharArray()) {
      clock.millis++;
      out.add(alice.commit(tx -> tx.root().text(b("t")).append(String.valueOf(c))));
    }
    return out;
  }

  private CausalDag open(DeltaBodies bodies) {
    return CausalDag.open(
        DagPeer.CONTEXT,
        engine,
        DagPeer.keyOf(2),
        new HybridClock(clock),
        DagConfig.DEFAULTS,
        (id, batch) -> {},
        bodies);
  }

  @Test
  void addsInsideOneCommitAreWrittenAsOneBatchAndSurviveAReopen() {
    List<Delta> ds = aliceTypes("abcd");
    CausalDag bob = open(null);
    engine.batches = 0;

    bob.inOneCommit(
        () -> {
          bob.addVerified(ds.get(1));
          bob.addVerified(ds.get(0));
          bob.addVerified(ds.get(2));
          return bob.addVerified(ds.get(3));
        });

    assertThat(engine.batches).isEqualTo(1);
    assertThat(open(null).heads()).isEqualTo(alice.dag.heads());
    assertThat(open(null).state().rootHash()).isEqualTo(alice.dag.state().rootHash());
  }

  @Test
  void withTheOwnersCopiesTheDagStoresReferencesAndReadsThemBack() {
    List<Delta> ds = aliceTypes("abc");
    Map<DeltaId, Delta> owner = new HashMap<>();
    ds.forEach(d -> owner.put(d.id(), d));
    DeltaBodies bodies = id -> Optional.ofNullable(owner.get(id));
    CausalDag bob = open(bodies);
    bob.addVerified(ds.get(2));
    bob.addVerified(ds.get(0));

    assertThat(bodyBytes())
        .as("an applied and a pending delta are each a 33-byte reference")
        .containsExactly(33, 33);
    bob.addVerified(ds.get(1));
    CausalDag reopened = open(bodies);
    assertThat(reopened.state().rootHash()).isEqualTo(alice.dag.state().rootHash());
    assertThat(reopened.get(ds.get(1).id())).contains(ds.get(1));
    assertThat(reopened.recentIds(10))
        .containsExactly(ds.get(0).id(), ds.get(1).id(), ds.get(2).id());
    assertThatThrownBy(() -> open(null)).isInstanceOf(CorruptDagException.class);
  }

  @Test
  void aRemoteDeltaThatNeverWaitedDeletesNoPendingRecordAndOneThatWaitedHasItsRecordRemoved() {
    List<Delta> ds = aliceTypes("abc");
    CausalDag bob = open(null);
    engine.pendingDeletes = 0;

    bob.addVerified(ds.get(0));
    assertThat(engine.pendingDeletes).as("applicable on arrival: nothing to delete").isZero();
    bob.addVerified(ds.get(2));
    assertThat(pendingRecords()).isEqualTo(1);
    bob.addVerified(ds.get(1));

    assertThat(engine.pendingDeletes).as("only the delta that waited").isEqualTo(1);
    assertThat(pendingRecords()).isZero();
    assertThat(open(null).state().rootHash()).isEqualTo(alice.dag.state().rootHash());
  }

  @Test
  void aStoredPendingDeltaThatARestoreFindsReadyHasItsRecordRemoved() {
    List<Delta> ds = aliceTypes("ab");
    open(null).addVerified(ds.get(0));
    // As after a crash between the parent's batch and the child's: the child's pending record is
    // stored although its parent is applied.
    new DagStore(engine, DagPeer.CONTEXT).putPending(ds.get(1), new WriteBatch());
    assertThat(pendingRecords()).isEqualTo(1);

    CausalDag reopened = open(null);

    assertThat(reopened.contains(ds.get(1).id())).isTrue();
    assertThat(reopened.isPending(ds.get(1).id())).isFalse();
    assertThat(pendingRecords()).isZero();
  }

  private int pendingRecords() {
    int count = 0;
    try (KeyValueCursor c = engine.keyspace(DagStore.KEYSPACE).prefix(DagPeer.CONTEXT.toBytes())) {
      while (c.hasNext()) {
        if (c.next().key()[32] == 'P') {
          count++;
        }
      }
    }
    return count;
  }

  /** Sizes of the stored bodies (applied and pending records), in key order. */
  private List<Integer> bodyBytes() {
    List<Integer> sizes = new ArrayList<>();
    try (KeyValueCursor c = engine.keyspace(DagStore.KEYSPACE).prefix(DagPeer.CONTEXT.toBytes())) {
      while (c.hasNext()) {
        KeyValue kv = c.next();
        byte tag = kv.key()[32];
        if (tag == 'A' || tag == 'P') {
          sizes.add(kv.value().length);
        }
      }
    }
    return sizes;
  }

  /** An engine counting the batches written to it and the pending records they delete. */
  private static final class Recording implements StorageEngine {
    private final StorageEngine engine;
    int batches;
    int pendingDeletes;

    Recording(StorageEngine engine) {
      this.engine = engine;
    }

    @Override
    public Keyspace keyspace(String name) {
      return engine.keyspace(name);
    }

    @Override
    public Set<String> keyspaces() {
      return engine.keyspaces();
    }

    @Override
    public void write(WriteBatch batch) {
      batches++;
      for (WriteBatch.Operation op : batch.operations()) {
        if (op.isDelete() && op.keyspace().equals(DagStore.KEYSPACE) && op.key()[32] == 'P') {
          pendingDeletes++;
        }
      }
      engine.write(batch);
    }

    @Override
    public StorageSnapshot snapshot() {
      return engine.snapshot();
    }

    @Override
    public void close() {
      engine.close();
    }
  }
}
