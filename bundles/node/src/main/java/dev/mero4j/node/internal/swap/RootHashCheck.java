package dev.mero4j.node.internal.swap;

import dev.mero4j.crdt.HybridClock;
import dev.mero4j.dag.CausalDag;
import dev.mero4j.dag.DagConfig;
import dev.mero4j.dag.DagException;
import dev.mero4j.node.MigrationVerificationException;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.runtime.StoredDeltas;
import dev.mero4j.runtime.api.ContextInfo;
import dev.mero4j.runtime.api.ContextService;
import dev.mero4j.storage.api.StorageEngine;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;

/**
 * Reopens every context's DAG from the live store and from the migrated one and requires equal root
 * hashes; when the running context has not moved on since, its root hash must match too.
 */
final class RootHashCheck {
  /** Author of the reopened DAGs: they only replay stored deltas, they never sign one. */
  private static final KeyPair READER = KeyPair.fromSeed(new byte[32]);

  private final ContextService contexts;
  private final Clock clock;

  /** {@code contexts} is null when the node runs no application runtime. */
  RootHashCheck(ContextService contexts, Clock clock) {
    this.contexts = contexts;
    this.clock = clock;
  }

  /** Returns the number of contexts checked; none when the node runs no application runtime. */
  int verify(StorageEngine live, StorageEngine migrated) {
    if (contexts == null) {
      return 0;
    }
    List<ContextInfo> all = contexts.list();
    for (ContextInfo running : all) {
      CausalDag before = open(running, live, "live");
      CausalDag after = open(running, migrated, "migrated");
      if (!before.state().rootHash().equals(after.state().rootHash())) {
        throw new MigrationVerificationException(
            "context "
                + running.id().toBase58()
                + ": root hash "
                + after.state().rootHash()
                + " in the migrated store, "
                + before.state().rootHash()
                + " in the live one");
      }
      boolean unchangedSince =
          new HashSet<>(running.dagHeads()).equals(new HashSet<>(after.heads()));
      if (unchangedSince && !running.rootHash().equals(after.state().rootHash())) {
        throw new MigrationVerificationException(
            "context "
                + running.id().toBase58()
                + ": root hash "
                + after.state().rootHash()
                + " in the migrated store, "
                + running.rootHash()
                + " in the running context");
      }
    }
    return all.size();
  }

  private CausalDag open(ContextInfo context, StorageEngine store, String which) {
    try {
      return CausalDag.open(
          context.id(),
          store,
          READER,
          new HybridClock(clock),
          DagConfig.DEFAULTS,
          (id, batch) -> {},
          StoredDeltas.of(store, context.id(), clock));
    } catch (DagException e) {
      throw new MigrationVerificationException(
          "context "
              + context.id().toBase58()
              + " does not reopen from the "
              + which
              + " store: "
              + e.getMessage());
    }
  }
}
