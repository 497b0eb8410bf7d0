package dev.mero4j.runtime.api;

import dev.mero4j.primitives.ApplicationId;

/**
 * The network side of invitations: carries a join, session by session, to a member of the context
 * that proves its membership and brings back its signed answer, fetches the context's application
 * from members, and tells the inviter's node how it can be reached. The replication layer registers
 * one with {@link Admissions#setJoiner}.
 */
@FunctionalInterface
public interface ContextJoiner {
  /**
   * Connects to {@code inviter} first (when known), then asks it, the other connected peers and
   * members found under the attempt's rendezvous keys, one session each, until one that proves
   * membership settles {@code attempt}.
   *
   * @throws dev.mero4j.runtime.api.JoinUnavailableException when no member settled it
   */
  void requestJoin(JoinAttempt attempt, PeerRoute inviter);

  /**
   * Fetches the module of {@code application} ({@code size} bytes, at most {@code maxBytes}) from
   * {@code inviter}, then other connected peers, and returns it once its SHA-256 is the id.
   *
   * @throws JoinUnavailableException when no peer served the module
   */
  default byte[] fetchApplication(
      ApplicationId application, long size, long maxBytes, PeerRoute inviter) {
    throw new JoinUnavailableException(
        "no application " + application + " here and this node cannot fetch applications");
  }

  /**
   * {@link #fetchApplication(ApplicationId, long, long, PeerRoute)}, then from members found under
   * the rendezvous keys of {@code rendezvous} (the invitation's secret) when those peers failed.
   *
   * @throws JoinUnavailableException when no peer served the module
   */
  default byte[] fetchApplication(
      ApplicationId application, long size, long maxBytes, PeerRoute inviter, byte[] rendezvous) {
    return fetchApplication(application, size, maxBytes, inviter);
  }

  /** How peers reach this node, for the invitations it issues; {@link PeerRoute#NONE} unknown. */
  default PeerRoute localRoute() {
    return PeerRoute.NONE;
  }
}
