package dev.mero4j.runtime.api;

import dev.mero4j.primitives.ContextId;
import java.util.Optional;

/**
 * One join by invitation as the carrier drives it, session by session: the joiner answers only a
 * peer that proved membership for the session, and only an answer signed for that session ends the
 * join (docs/wire-format.md, "Join session").
 */
public interface JoinAttempt {
  /** The context to join. */
  ContextId context();

  /**
   * The context's rendezvous secret, which the invitation carries: the carrier names the context by
   * a tag derived from it, never by its id, to peers that have not proved membership.
   */
  byte[] rendezvous();

  /**
   * The encoded join request bound to {@code session}, or empty when {@code memberProof} does not
   * prove a member for it (the carrier then tries the next peer and sends nothing).
   */
  Optional<byte[]> request(byte[] session, byte[] memberProof);

  /**
   * True when {@code answer} is signed for {@code session} by the member that proved itself, and so
   * settles the join (acceptance or refusal); an unauthenticated answer is ignored.
   */
  boolean settles(byte[] session, byte[] memberProof, byte[] answer);
}
