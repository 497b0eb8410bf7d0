package dev.mero4j.dag;

import static dev.mero4j.dag.DagPeer.b;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.crdt.Action;
import dev.mero4j.crdt.Delta;
import dev.mero4j.crdt.DeltaCodec;
import dev.mero4j.crdt.EntityId;
import dev.mero4j.crdt.HybridClock;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A context with 10,000 concurrent heads keeps working: a local commit names at most {@link
 * DeltaCodec#MAX_PARENTS} of them, so every delta decodes on every replica and after a restart from
 * disk, and the heads shrink with every commit.
 */
class ManyHeadsTest {
  private static final int HEADS = 10_000;

  @TempDir Path dir;

  @Test
  void tenThousandConcurrentHeadsCommitRestartAndReplicateWhileHeadsShrink() {
    DagPeer.TestClock clock = new DagPeer.TestClock();
    List<Delta> history = new ArrayList<>();
    DagPeer origin = new DagPeer(1, clock);
    Delta base = origin.commit(tx -> tx.root().put(b("base"), b("0")));
    history.add(base);
    for (int i = 0; i < HEADS; i++) {
      KeyPair author = KeyPair.fromSeed(Hash.sha256(b("author-" + i)).toBytes());
      history.add(
          Delta.sign(
              author,
              HybridClock.ofMillis(clock.millis),
              1,
              List.of(base.id()),
              List.of(new Action.Put(EntityId.ROOT, b("k" + i), b("v" + i)))));
    }

    List<Integer> headCounts = new ArrayList<>();
    Hash root;
    try (StorageEngine engine = new MapDbStorageProvider().open(StorageConfig.at(dir))) {
      DagPeer bob = new DagPeer(2, clock, engine, DagConfig.DEFAULTS);
      history.forEach(bob.dag::addVerified);
      headCounts.add(bob.dag.heads().size());
      clock.millis++;
      history.add(commitOnWire(bob, "first"));
      headCounts.add(bob.dag.heads().size());
      root = bob.dag.state().rootHash();
    }
    try (StorageEngine engine = new MapDbStorageProvider().open(StorageConfig.at(dir))) {
      DagPeer bob = new DagPeer(2, clock, engine, DagConfig.DEFAULTS);
      assertThat(bob.dag.heads()).hasSize(headCounts.get(1));
      assertThat(bob.dag.state().rootHash()).isEqualTo(root);
      clock.millis++;
      history.add(commitOnWire(bob, "second"));
      headCounts.add(bob.dag.heads().size());
      root = bob.dag.state().rootHash();

      DagPeer fresh = new DagPeer(3, clock);
      for (Delta d : history) {
        fresh.dag.add(DeltaCodec.decode(DeltaCodec.encode(d)));
      }
      assertThat(fresh.dag.pendingCount()).isZero();
      assertThat(fresh.dag.heads()).isEqualTo(bob.dag.heads());
      assertThat(fresh.dag.state().rootHash()).isEqualTo(root);
    }

    assertThat(headCounts)
        .containsExactly(
            HEADS, HEADS - DeltaCodec.MAX_PARENTS + 1, HEADS - 2 * (DeltaCodec.MAX_PARENTS - 1));
  }

  /** Commits on {@code peer} and checks that the delta names a bounded set and decodes. */
  private static Delta commitOnWire(DagPeer peer, String value) {
    Delta delta = peer.commit(tx -> tx.root().put(b("local"), b(value)));
    assertThat(delta.parents()).hasSize(DeltaCodec.MAX_PARENTS);
    assertThat(DeltaCodec.decode(DeltaCodec.encode(delta)).id()).isEqualTo(delta.id());
    return delta;
  }
}
