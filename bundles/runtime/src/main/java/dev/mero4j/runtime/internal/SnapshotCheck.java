package dev.mero4j.runtime.internal;

import dev.mero4j.crdt.ContextState;
import dev.mero4j.crdt.CrdtException;
import dev.mero4j.crdt.HybridClock;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.runtime.api.ContextSnapshot;
import dev.mero4j.runtime.api.RejectedSnapshotException;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The checks a peer's snapshot passes before it replaces a replica's state. */
final class SnapshotCheck {
  private SnapshotCheck() {}

  /**
   * Decodes the state and recomputes its root: it must equal the advertised root, the state's heads
   * must be the advertised heads, and the covered ids must include every local head (else local
   * deltas the peer never saw would be lost).
   */
  static void verify(
      ContextSnapshot snapshot, KeyPair author, Clock clock, List<DeltaId> localHeads) {
    ContextState state;
    try {
      state = ContextState.importSnapshot(snapshot.state(), author, new HybridClock(clock));
    } catch (CrdtException e) {
      throw new RejectedSnapshotException("snapshot state does not decode: " + e.getMessage(), e);
    }
    if (!state.rootHash().equals(snapshot.root())) {
      throw new RejectedSnapshotException(
          "snapshot root mismatch: advertised "
              + snapshot.root()
              + ", state hashes to "
              + state.rootHash());
    }
    if (!new TreeSet<>(state.heads()).equals(new TreeSet<>(snapshot.heads()))) {
      throw new RejectedSnapshotException("snapshot heads differ from the heads inside its state");
    }
    Set<DeltaId> known = new HashSet<>(snapshot.known());
    if (!known.containsAll(snapshot.heads())) {
      throw new RejectedSnapshotException("snapshot does not cover its own heads");
    }
    for (DeltaId head : localHeads) {
      if (!known.contains(head)) {
        throw new RejectedSnapshotException(
            "snapshot does not cover local head " + head + "; installing it would lose it");
      }
    }
  }
}
