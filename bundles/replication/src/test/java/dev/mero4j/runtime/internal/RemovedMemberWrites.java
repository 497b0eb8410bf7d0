package dev.mero4j.runtime.internal;

import dev.mero4j.crdt.Action;
import dev.mero4j.crdt.Delta;
import dev.mero4j.crdt.EntityId;
import dev.mero4j.crdt.HybridClock;
import dev.mero4j.membership.GovernancePosition;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.GovernanceOpId;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.runtime.ContextReplica;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * What a malicious member's node can forge with its real member key: a write that names any
 * governance position, sealed under a key it holds; and what an auditor reads of a stored write.
 */
public final class RemovedMemberWrites {
  private RemovedMemberWrites() {}

  /** A forged write and its id. */
  public record Forged(DeltaId id, byte[] sealed) {}

  /**
   * A sealed, signed write of {@code key} by the member behind {@code replica}, on its current
   * heads, claiming the governance position {@code position} (which its own node need not know);
   * the member's node does not apply it.
   */
  public static Forged writeAt(ContextReplica replica, Set<GovernanceOpId> position, String key) {
    LoadedContext context = ((ReplicaSide) replica).context();
    return context.underWriteLock(
        () -> {
          var member = context.record.member().signingKey();
          Delta delta =
              Delta.sign(
                  member,
                  HybridClock.ofMillis(context.clock.millis()),
                  2_000_000L,
                  context.dag.heads(),
                  List.of(new Action.Put(EntityId.ROOT, bytes(key), bytes("forged"))));
          byte[] sealed =
              context.governance.sealEnvelope(
                  new DeltaEnvelope(context.id(), delta, List.of(), GovernancePosition.of(position))
                      .encode(member));
          return new Forged(delta.id(), sealed);
        });
  }

  /**
   * The author of a write stored at {@code replica}, read from its envelope after verifying the
   * author's signature over it.
   */
  public static PublicKey author(ContextReplica replica, DeltaId id) {
    LoadedContext context = ((ReplicaSide) replica).context();
    byte[] sealed = replica.envelope(id).orElseThrow();
    byte[] opened = context.underWriteLock(() -> context.governance.openStored(sealed));
    return DeltaEnvelope.decode(opened, context.id()).delta().author();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
