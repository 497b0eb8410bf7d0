package dev.mero4j.runtime.internal;

import dev.mero4j.membership.JoinRequest;
import dev.mero4j.membership.JoinResponse;
import dev.mero4j.membership.JoinSession;
import dev.mero4j.membership.MembershipException;
import dev.mero4j.membership.Standing;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.GovernanceOpId;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.runtime.api.RejectedGovernanceOpException;
import dev.mero4j.runtime.api.UnknownContextException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The member's side of a join session: proves membership for the session, then answers the request
 * bound to it with a response signed for that session (docs/wire-format.md, "Join session").
 */
public final class JoinAdmission {
  private JoinAdmission() {}

  /** This node's member proof for {@code session}, when it is a member of the runtime's context. */
  public static byte[] prove(ContextRuntime runtime, byte[] session) {
    ContextStore.ContextRecord record = runtime.record();
    boolean member =
        runtime.membership(g -> g.membership().state().isMember(record.member().publicKey()));
    if (!member) {
      throw new UnknownContextException(
          "this node is not a member of " + record.id() + " and cannot admit");
    }
    return proveKey(runtime, session);
  }

  /**
   * This node's proof that it holds its member key for {@code session}, whether or not its own
   * state counts that key a member (sync requests: the responder judges membership in its state).
   */
  public static byte[] proveKey(ContextRuntime runtime, byte[] session) {
    ContextStore.ContextRecord record = runtime.record();
    return JoinSession.proveMember(record.member(), record.rendezvous(), session);
  }

  /**
   * The member key {@code proof} proves for {@code session}, when it is a member of the runtime's
   * context in the current resolved state (checked now, so a removal takes effect at once).
   */
  public static Optional<PublicKey> verify(ContextRuntime runtime, byte[] proof, byte[] session) {
    return JoinSession.verifyMember(proof, runtime.record().rendezvous(), session)
        .filter(key -> runtime.membership(g -> g.membership().state().isMember(key)));
  }

  /**
   * The sealed ops that explain to the key {@code proof} proves for {@code session} why it is no
   * member of the runtime's context ({@link Standing}); empty for a member or a key never admitted.
   */
  public static List<byte[]> standing(ContextRuntime runtime, byte[] proof, byte[] session) {
    List<GovernanceOpId> ids =
        JoinSession.verifyMember(proof, runtime.record().rendezvous(), session)
            .map(key -> runtime.membership(g -> Standing.explaining(g.membership().log(), key)))
            .orElse(List.of());
    return ids.isEmpty() ? List.of() : runtime.replica().governanceOps(ids);
  }

  /** Answers an encoded join request of {@code session}; the admission is published. */
  public static byte[] admit(
      byte[] joinRequest, byte[] session, Function<ContextId, ContextRuntime> runtimes) {
    JoinRequest request;
    try {
      request = JoinRequest.decode(joinRequest);
    } catch (MembershipException e) {
      throw new RejectedGovernanceOpException("malformed join request: " + e.getMessage(), e);
    }
    if (!Arrays.equals(request.session(), session)) {
      throw new RejectedGovernanceOpException("the join request is bound to another session");
    }
    ContextId context = request.invitation().context();
    ContextRuntime runtime = runtimes.apply(context);
    JoinResponse response;
    try {
      response = runtime.admit(request);
    } catch (MembershipException e) {
      throw new UnknownContextException(
          "this node cannot admit members to " + context + ": " + e.getMessage(), e);
    }
    return JoinSession.signAnswer(runtime.record().member(), session, response);
  }
}
