package dev.mero4j.runtime.internal;

import dev.mero4j.membership.ContextMembership;
import dev.mero4j.membership.GovernanceLog;
import dev.mero4j.membership.KeyId;
import dev.mero4j.membership.KeyWraps;
import dev.mero4j.membership.NotAMemberException;
import dev.mero4j.membership.SignedGovernanceOp;
import dev.mero4j.membership.WrappedKey;
import dev.mero4j.primitives.BinaryWriter;
import dev.mero4j.primitives.GovernanceOpId;
import dev.mero4j.primitives.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Serves one context's governance ops and key deliveries to peers, holding the context's write lock
 * only to look up what to send (O(1) per requested op, no fold of the log); the sealing and the
 * X25519 key wraps run after the lock is released, so no request holds up a local commit.
 *
 * <pre>
 *   under the lock:  ids ─► ops by id + the key each is sealed under  |  member ─► held key ids
 *   after it:        seal each op (AES-GCM)                          |  wrap each key (X25519)
 * </pre>
 */
final class GovernanceServing {
  /** Most ops served in one governance response. */
  static final int MAX_OPS_SERVED = 4096;

  private final LoadedContext context;

  /** An op to serve and the key to seal it under. */
  private record Sealing(SignedGovernanceOp op, KeyId key) {}

  GovernanceServing(LoadedContext context) {
    this.context = context;
  }

  private ContextMembership membership() {
    return context.governance.membership();
  }

  /** The sealed ops of {@code ids} this log holds, or the whole log (capped) when empty. */
  List<byte[]> sealedOps(List<GovernanceOpId> ids) {
    List<Sealing> plan = context.underWriteLock(() -> plan(ids));
    List<byte[]> out = new ArrayList<>(plan.size());
    for (Sealing sealing : plan) {
      out.add(membership().sealOp(sealing.op(), sealing.key()));
    }
    return out;
  }

  private List<Sealing> plan(List<GovernanceOpId> ids) {
    GovernanceLog log = membership().log();
    List<SignedGovernanceOp> ops =
        ids.isEmpty()
            ? log.ops()
            : ids.stream()
                .distinct()
                .limit(MAX_OPS_SERVED)
                .map(log::get)
                .flatMap(Optional::stream)
                .toList();
    List<Sealing> plan = new ArrayList<>(Math.min(ops.size(), MAX_OPS_SERVED));
    for (SignedGovernanceOp op : ops.subList(0, Math.min(ops.size(), MAX_OPS_SERVED))) {
      plan.add(new Sealing(op, membership().sealingKeyOf(op)));
    }
    return plan;
  }

  /**
   * Every held key wrapped to {@code member}, encoded {@code keyId ‖ ephemeral ‖ ciphertext}; none
   * for a non-member of the current state.
   */
  List<byte[]> wrappedKeysFor(PublicKey member) {
    Optional<KeyWraps> wraps =
        context.underWriteLock(
            () -> {
              try {
                return Optional.of(membership().keyWrapsFor(member));
              } catch (NotAMemberException e) {
                return Optional.empty();
              }
            });
    List<byte[]> out = new ArrayList<>();
    for (WrappedKey wrapped : wraps.map(KeyWraps::wrap).orElse(List.of())) {
      out.add(
          new BinaryWriter(112)
              .id(wrapped.key())
              .id(wrapped.ephemeral())
              .raw(wrapped.ciphertext())
              .toByteArray());
    }
    return out;
  }
}
