package dev.mero4j.replication;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether a context agrees with its peers: the first-class "synced" signal.
 *
 * @param state what replication is doing for the context now
 * @param synced true when the last comparison found every reachable peer at this node's root
 * @param rootHash this node's root
 * @param peers peers that answered the last comparison
 * @param pending deltas waiting for parents
 * @param lastSync when the last comparison finished, if one did
 * @param lastError the last failure, if the last attempt failed
 * @param snapshot progress of the snapshot being received, while one is
 */
public record SyncStatus(
    ContextId context,
    State state,
    boolean synced,
    Hash rootHash,
    int peers,
    int pending,
    Optional<Instant> lastSync,
    Optional<String> lastError,
    Optional<SnapshotProgress> snapshot) {

  public SyncStatus(
      ContextId context,
      State state,
      boolean synced,
      Hash rootHash,
      int peers,
      int pending,
      Optional<Instant> lastSync,
      Optional<String> lastError) {
    this(context, state, synced, rootHash, peers, pending, lastSync, lastError, Optional.empty());
  }

  /** Bytes of a snapshot image received of its total. */
  public record SnapshotProgress(long receivedBytes, long totalBytes) {}

  /** What replication is doing for a context. */
  public enum State {
    IDLE,
    SYNCING,
    /** Installing a peer's snapshot; see {@link SyncStatus#snapshot()}. */
    RECEIVING_SNAPSHOT,
    BACKING_OFF
  }
}
