package dev.mero4j.runtime.api;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;

/**
 * The network side of invitations: carries a join request to a member of the context and brings
 * back its answer, fetches the context's application from members, and tells the inviter's node how
 * it can be reached. The replication layer registers one with {@link Admissions#setJoiner}.
 */
@FunctionalInterface
public interface ContextJoiner {
  /**
   * Sends an encoded {@code JoinRequest} to connected peers until one that holds the context
   * answers, and returns its encoded {@code JoinResponse}.
   *
   * @throws dev.mero4j.runtime.api.JoinUnavailableException when no peer answered
   */
  byte[] requestJoin(ContextId context, byte[] joinRequest);

  /**
   * Connects to {@code inviter} first (when known) and asks it before the other connected peers;
   * the default ignores the route.
   */
  default byte[] requestJoin(ContextId context, byte[] joinRequest, PeerRoute inviter) {
    return requestJoin(context, joinRequest);
  }

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

  /** How peers reach this node, for the invitations it issues; {@link PeerRoute#NONE} unknown. */
  default PeerRoute localRoute() {
    return PeerRoute.NONE;
  }
}
