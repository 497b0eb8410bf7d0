package dev.mero4j.node.internal.swap;

import dev.mero4j.node.MigrationVerificationException;
import dev.mero4j.node.SwapFailedException;
import dev.mero4j.node.SwapJob;
import dev.mero4j.storage.api.KeyValue;
import dev.mero4j.storage.api.KeyValueCursor;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.api.StorageSnapshot;
import dev.mero4j.storage.api.WriteBatch;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * Moves a live store to another engine while writes continue.
 *
 * <pre>
 *   COPYING      journal on; copy a snapshot of every keyspace          writes go on (journaled)
 *   CATCHING_UP  replay the journal until it is short, then mirror      writes go on
 *   VERIFYING    [pause: two snapshots]; compare every entry and        writes go on (mirrored)
 *                every context's root hash
 *   SWITCHING    [pause: record the provider in the home, switch]
 * </pre>
 *
 * Any failure before the switch leaves the live engine active and the target is discarded by the
 * caller. The writes held back are those of the two short pauses.
 */
final class StorageMigration {
  /** Entries per copy batch: large enough to amortise a commit, small enough for the heap. */
  static final int COPY_BATCH = 10_000;

  /** Below this many journaled writes per round, catching up switches to mirroring. */
  static final int CATCH_UP_ENOUGH = 64;

  private final SwappableStorage live;
  private final StorageEngine target;
  private final RootHashCheck rootHashes;
  private final JobProgress progress;
  private final LongSupplier ticker;

  StorageMigration(
      SwappableStorage live,
      StorageEngine target,
      RootHashCheck rootHashes,
      JobProgress progress,
      LongSupplier ticker) {
    this.live = live;
    this.target = target;
    this.rootHashes = rootHashes;
    this.progress = progress;
    this.ticker = ticker;
  }

  /**
   * Runs the migration; {@code atSwitch} runs while writes are held, just before the switch (the
   * home records the new provider there). Returns the replaced engine, still open.
   */
  StorageEngine run(Runnable atSwitch) {
    StorageEngine source = live.active();
    WriteJournal journal = new WriteJournal(target);
    live.startJournal(journal);
    boolean switched = false;
    try {
      copy(source);
      catchUp(journal);
      verify(source, journal);
      progress.phase(SwapJob.Phase.SWITCHING, 1);
      long pause =
          live.paused(
              () -> {
                failIfMirrorFailed(journal);
                atSwitch.run();
                live.switchTo(target);
              },
              ticker);
      switched = true;
      progress.pause(pause);
      return source;
    } finally {
      if (!switched) {
        live.stopJournal();
      }
    }
  }

  private void copy(StorageEngine source) {
    try (StorageSnapshot snapshot = source.snapshot()) {
      Set<String> keyspaces = new TreeSet<>(source.keyspaces());
      progress.phase(SwapJob.Phase.COPYING, 0);
      progress.total(count(snapshot, keyspaces));
      for (String name : keyspaces) {
        WriteBatch batch = new WriteBatch();
        try (KeyValueCursor cursor = snapshot.keyspace(name).range(null, null)) {
          while (cursor.hasNext()) {
            KeyValue kv = cursor.next();
            batch.put(name, kv.key(), kv.value());
            if (batch.size() == COPY_BATCH) {
              target.write(batch);
              progress.advance(batch.size());
              batch = new WriteBatch();
            }
          }
        }
        if (!batch.isEmpty()) {
          target.write(batch);
          progress.advance(batch.size());
        }
      }
    }
  }

  private void catchUp(WriteJournal journal) {
    progress.phase(SwapJob.Phase.CATCHING_UP, 0);
    List<WriteBatch> round;
    do {
      if (journal.overflowed()) {
        throw new SwapFailedException(
            "writes outpaced the copy: "
                + journal.failure().getMessage()
                + "; retry when the node is less busy",
            journal.failure());
      }
      round = journal.drain();
      replay(round);
      progress.advance(round.size());
    } while (round.size() >= CATCH_UP_ENOUGH);
    progress.advance(journal.startMirroring());
  }

  /**
   * Applies journaled batches in order, merged into batches of up to {@link #COPY_BATCH}
   * operations: a batch applies its operations in order, and the target is not read until the
   * switch, so merging keeps the result and saves a commit per write (MapDB's dominant cost).
   */
  private void replay(List<WriteBatch> round) {
    WriteBatch merged = new WriteBatch();
    for (WriteBatch batch : round) {
      for (WriteBatch.Operation op : batch.operations()) {
        if (op.isDelete()) {
          merged.delete(op.keyspace(), op.key());
        } else {
          merged.put(op.keyspace(), op.key(), op.value());
        }
      }
      if (merged.size() >= COPY_BATCH) {
        target.write(merged);
        merged = new WriteBatch();
      }
    }
    if (!merged.isEmpty()) {
      target.write(merged);
    }
  }

  private void verify(StorageEngine source, WriteJournal journal) {
    StorageSnapshot[] pair = new StorageSnapshot[2];
    progress.pause(
        live.paused(
            () -> {
              pair[0] = source.snapshot();
              pair[1] = target.snapshot();
            },
            ticker));
    try (StorageSnapshot before = pair[0];
        StorageSnapshot after = pair[1]) {
      Set<String> keyspaces = new TreeSet<>(source.keyspaces());
      keyspaces.addAll(target.keyspaces());
      progress.phase(SwapJob.Phase.VERIFYING, count(before, keyspaces));
      StoreComparison.compare(before, after, keyspaces, progress::advance);
      rootHashes.verify(
          new SnapshotEngine(before, keyspaces), new SnapshotEngine(after, keyspaces));
    }
    failIfMirrorFailed(journal);
  }

  private static void failIfMirrorFailed(WriteJournal journal) {
    if (journal.failure() != null) {
      throw new MigrationVerificationException(
          "a write could not be mirrored to the new store: " + journal.failure().getMessage());
    }
  }

  private static long count(StorageSnapshot snapshot, Set<String> keyspaces) {
    long n = 0;
    for (String name : keyspaces) {
      try (KeyValueCursor cursor = snapshot.keyspace(name).range(null, null)) {
        while (cursor.hasNext()) {
          cursor.next();
          n++;
        }
      }
    }
    return n;
  }
}
