package dev.mero4j.runtime.api;

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
   * Answers a peer's encoded join request for a context held here: an encoded acceptance or a
   * refusal with its reason.
   *
   * @throws UnknownContextException when this node does not hold the context or cannot admit
   * @throws RejectedGovernanceOpException when the request is malformed
   */
  byte[] admit(byte[] joinRequest);

  /** Installs the carrier of join requests (the replication layer). */
  void setJoiner(ContextJoiner joiner);
}
