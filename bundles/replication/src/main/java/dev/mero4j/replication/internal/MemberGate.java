package dev.mero4j.replication.internal;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.runtime.api.Admissions;
import dev.mero4j.runtime.api.UnknownContextException;
import dev.mero4j.transport.api.PeerId;
import java.util.List;
import java.util.Optional;

/**
 * The responder's side of member-only sync: a request that names a context is served only when it
 * carries a proof ({@link MemberProofs}) of a key that is a member in this node's current resolved
 * governance state, checked on every request so a removal takes effect at once; a key request only
 * for that key. Anything else is turned into a request for a context nobody holds, so a non-member
 * gets exactly the answer of an unknown context.
 */
final class MemberGate {
  private static final System.Logger LOG = System.getLogger(MemberGate.class.getName());

  private final SessionTags tags;
  private final Admissions admissions;

  MemberGate(SessionTags tags, Admissions admissions) {
    this.tags = tags;
    this.admissions = admissions;
  }

  /** {@code frame} from {@code from}, its context resolved, or {@link SessionTags#NOBODY}. */
  SyncFrame admit(SyncFrame frame, PeerId from) {
    byte[] proof = null;
    SyncFrame request = frame;
    if (frame instanceof SyncFrame.Proven p) {
      proof = p.proof();
      request = p.request();
    }
    SyncFrame resolved = tags.inbound(request, from);
    Optional<ContextId> context = MemberProofs.contextOf(resolved);
    if (context.isEmpty() || context.get().equals(SessionTags.NOBODY)) {
      return resolved;
    }
    Optional<PublicKey> member =
        proof == null ? Optional.empty() : verify(context.get(), proof, from);
    boolean served =
        member.isPresent()
            && (!(resolved instanceof SyncFrame.KeyRequest k) || k.member().equals(member.get()));
    return served ? resolved : SessionTags.retarget(resolved, ctx -> SessionTags.NOBODY);
  }

  /**
   * The answer to a governance request from a key that is no member here but that this node's log
   * once admitted ({@link Admissions#standing}): the ops that explain why, so its node can fold
   * them and learn that its admission is void or that it was removed. Empty for any other request,
   * for members (served by {@link #admit}) and for keys the log never admitted.
   */
  Optional<SyncFrame.GovernanceResponse> standing(SyncFrame frame, PeerId from) {
    if (!(frame instanceof SyncFrame.Proven p)
        || !(p.request() instanceof SyncFrame.GovernanceRequest)) {
      return Optional.empty();
    }
    Optional<ContextId> context = MemberProofs.contextOf(tags.inbound(p.request(), from));
    if (context.isEmpty() || context.get().equals(SessionTags.NOBODY)) {
      return Optional.empty();
    }
    try {
      byte[] session = MemberProofs.session(context.get(), from, tags.self());
      List<byte[]> ops =
          admissions.standing(
              context.get(),
              MemberProofs.mask(p.proof(), tags.secret(context.get()), session),
              session);
      return ops.isEmpty() ? Optional.empty() : Optional.of(new SyncFrame.GovernanceResponse(ops));
    } catch (UnknownContextException e) {
      LOG.log(
          System.Logger.Level.DEBUG, "context {0} deleted meanwhile: {1}", context, e.getMessage());
      return Optional.empty();
    }
  }

  private Optional<PublicKey> verify(ContextId context, byte[] proof, PeerId from) {
    try {
      byte[] session = MemberProofs.session(context, from, tags.self());
      return admissions.provenMember(
          context, MemberProofs.mask(proof, tags.secret(context), session), session);
    } catch (UnknownContextException e) {
      LOG.log(
          System.Logger.Level.DEBUG, "context {0} deleted meanwhile: {1}", context, e.getMessage());
      return Optional.empty();
    }
  }
}
