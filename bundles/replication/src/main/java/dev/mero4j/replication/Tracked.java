package dev.mero4j.replication;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.transport.api.Subscription;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** One context's replication state in a {@link Replicator}: its subscription and last sync. */
final class Tracked {
  final Subscription subscription;
  final AtomicBoolean syncing = new AtomicBoolean();
  volatile boolean synced;
  volatile int peers;
  volatile Instant lastSync;
  volatile String lastError;

  volatile SyncStatus.SnapshotProgress snapshot;

  Tracked(Subscription subscription) {
    this.subscription = subscription;
  }

  /**
   * The sync status of {@code context} at {@code root}; idle when it is not tracked ({@code t}).
   */
  static SyncStatus status(Tracked t, ContextId context, Hash root, int pending) {
    if (t == null) {
      return new SyncStatus(
          context,
          SyncStatus.State.IDLE,
          false,
          root,
          0,
          pending,
          Optional.empty(),
          Optional.empty());
    }
    SyncStatus.SnapshotProgress snapshot = t.snapshot;
    SyncStatus.State state =
        snapshot != null
            ? SyncStatus.State.RECEIVING_SNAPSHOT
            : t.syncing.get()
                ? SyncStatus.State.SYNCING
                : t.lastError != null ? SyncStatus.State.BACKING_OFF : SyncStatus.State.IDLE;
    return new SyncStatus(
        context,
        state,
        t.synced && pending == 0,
        root,
        t.peers,
        pending,
        Optional.ofNullable(t.lastSync),
        Optional.ofNullable(t.lastError),
        Optional.ofNullable(snapshot));
  }
}
