package dev.mero4j.runtime.internal;

import dev.mero4j.crdt.Action;
import dev.mero4j.crdt.Delta;
import dev.mero4j.crdt.EntityId;
import dev.mero4j.crdt.Transaction;
import dev.mero4j.membership.GovernancePosition;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.runtime.ContextReplica;
import dev.mero4j.runtime.api.AppEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Envelopes a member forges with the real keys: a delta carrying events no app call emitted. */
public final class HostileEnvelopes {
  private HostileEnvelopes() {}

  /**
   * A sealed, signed envelope from the member behind {@code replica}: a write of key {@code marker}
   * with {@code events} attached, applied on that member as a local commit.
   */
  public static byte[] withEvents(ContextReplica replica, String marker, List<AppEvent> events) {
    LoadedContext context = ((ReplicaSide) replica).context();
    return context.underWriteLock(
        () -> {
          GovernancePosition position =
              context.governance.authorizeLocalWrite(context.record.member().publicKey());
          Transaction tx = context.dag.state().begin();
          tx.root().put(bytes(marker), bytes("1"));
          Delta delta = tx.commit().orElseThrow();
          byte[] sealed =
              context.governance.sealEnvelope(
                  new DeltaEnvelope(context.id(), delta, events, position)
                      .encode(context.record.member().signingKey()));
          context.dag.addLocal(delta);
          return sealed;
        });
  }

  /**
   * {@code count} sealed, signed envelopes from the member behind {@code replica}, each a write of
   * its own key on the same parent, the member's current head: concurrent deltas that leave a
   * replica applying them all with {@code count} heads. The member itself does not apply them.
   */
  public static List<byte[]> concurrent(ContextReplica replica, int count) {
    LoadedContext context = ((ReplicaSide) replica).context();
    return context.underWriteLock(
        () -> {
          GovernancePosition position =
              context.governance.authorizeLocalWrite(context.record.member().publicKey());
          List<dev.mero4j.primitives.DeltaId> parent = context.dag.heads();
          KeyPair key = context.record.member().signingKey();
          long hlc = dev.mero4j.crdt.HybridClock.ofMillis(context.clock.millis());
          List<byte[]> sealed = new java.util.ArrayList<>(count);
          for (int i = 0; i < count; i++) {
            Delta delta =
                Delta.sign(
                    key,
                    hlc + i,
                    1_000_000L + i,
                    parent,
                    List.of(new Action.Put(EntityId.ROOT, bytes("c" + i), bytes("v" + i))));
            sealed.add(
                context.governance.sealEnvelope(
                    new DeltaEnvelope(context.id(), delta, List.of(), position).encode(key)));
          }
          return sealed;
        });
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
