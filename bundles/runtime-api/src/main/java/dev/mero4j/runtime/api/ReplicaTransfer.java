package dev.mero4j.runtime.api;

import dev.mero4j.primitives.DeltaId;
import java.util.Collection;
import java.util.List;

/**
 * One context's history and state as catch-up moves them: deltas a peer lacks, or a whole snapshot.
 */
public interface ReplicaTransfer {
  /**
   * The deltas reachable from this replica's heads that a peer knowing {@code theirs} lacks,
   * parents first; {@link DeltasSince.Outcome#TOO_FAR} beyond {@code maxDeltas}, {@link
   * DeltasSince.Outcome#PRUNED} when history was pruned.
   */
  DeltasSince deltasSince(Collection<DeltaId> theirs, int maxDeltas);

  /** Up to {@code limit} ids of recently applied deltas: a bounded summary sent with the heads. */
  List<DeltaId> recentIds(int limit);

  /** The whole state now, with the heads and ids it covers. */
  ContextSnapshot exportSnapshot();

  /**
   * Replaces the state by a peer's snapshot, atomically, after checking that it hashes to its
   * advertised root and covers this replica's heads.
   *
   * @throws RejectedSnapshotException if a check fails; nothing was changed
   */
  void installSnapshot(ContextSnapshot snapshot);

  /** Seals a sync payload (a snapshot page) under the context key, for its members only. */
  byte[] sealSyncPayload(byte[] plain);

  /**
   * Opens a payload sealed by {@link #sealSyncPayload}.
   *
   * @throws RejectedSnapshotException if it does not open
   */
  byte[] openSyncPayload(byte[] sealed);
}
