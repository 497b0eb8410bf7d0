package dev.mero4j.runtime.api;

import dev.mero4j.primitives.ContextId;

/**
 * Carries a join request to a member of the context and brings back its answer; the replication
 * layer registers one with {@link Admissions#setJoiner}.
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
}
