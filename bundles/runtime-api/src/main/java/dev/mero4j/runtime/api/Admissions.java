package dev.mero4j.runtime.api;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.PublicKey;
import java.util.List;
import java.util.Optional;

/**
 * Joining contexts by invitation across nodes: the joiner's carrier of requests, and the member's
 * answer.
 */
public interface Admissions {
  /**
   * Joins a context with an invitation: a member reached through the {@link ContextJoiner} admits
   * this node.
   */
  CreatedContext join(String invitation);

  /**
   * Proves to a joiner that this node holds a member key of {@code context} and its rendezvous
   * secret, for the join session {@code session} (32 bytes the carrier derives).
   *
   * @throws UnknownContextException when this node does not hold the context or cannot admit
   */
  byte[] proveMembership(ContextId context, byte[] session);

  /**
   * Proves that this node holds its member key of {@code context} and the context's rendezvous
   * secret, for the sync session {@code session}, whatever this node's own governance state says of
   * that key. The responder judges membership in its own state, so a node that wrongly counts
   * itself removed (it applied a removal that an op it has not seen yet voids) can still fetch that
   * op.
   *
   * @throws UnknownContextException when this node does not hold the context
   */
  byte[] proveKey(ContextId context, byte[] session);

  /**
   * The member key a peer's {@link #proveMembership} proof for {@code session} names, when it
   * verifies and that key is a member of {@code context} in this node's current resolved governance
   * state; empty otherwise, also when the context is not held here.
   */
  Optional<PublicKey> provenMember(ContextId context, byte[] proof, byte[] session);

  /**
   * The sealed governance ops that explain to the key a peer's {@link #proveKey} proof for {@code
   * session} names why it is no member of {@code context} in this node's resolved state (its
   * removal, the removal of the admin that admitted it, the redemption that won its invitation,
   * each with its causal past), so its node can fold them itself. Empty when the proof does not
   * verify, the key is a member, or this node's log never admitted that key: a stranger learns
   * nothing.
   */
  default List<byte[]> standing(ContextId context, byte[] proof, byte[] session) {
    return List.of();
  }

  /**
   * When this node's own admission to {@code context} is void in its resolved state (admitted by an
   * admin already removed, or its redemption lost to another) and its key no member, joins again
   * with the invitation it joined with, asking no member its own log counts removed; the old copy
   * is deleted once a member answers. Empty when the admission is not void (or the context is not
   * held). A refusal (the invitation is void too) deletes the copy, forgets the invitation and
   * throws.
   *
   * @throws InvitationRefusedException when a member refuses the invitation
   * @throws JoinUnavailableException when no member answered (the copy and invitation are kept)
   */
  default Optional<CreatedContext> rejoinIfVoid(ContextId context) {
    return Optional.empty();
  }

  /**
   * Answers a peer's encoded join request of session {@code session}: an acceptance or a refusal
   * with its reason, signed for the session by this node's member key.
   *
   * @throws UnknownContextException when this node does not hold the context or cannot admit
   * @throws RejectedGovernanceOpException when the request is malformed or of another session
   */
  byte[] admit(byte[] joinRequest, byte[] session);

  /** Installs the carrier of join requests (the replication layer). */
  void setJoiner(ContextJoiner joiner);
}
