package dev.mero4j.runtime.api;

import dev.mero4j.primitives.PublicKey;
import java.util.List;

/**
 * One context's keys between members: delivered wrapped to a member, and used to seal replication
 * frames.
 */
public interface KeyDelivery {
  /** The member identity this node holds in the context. */
  PublicKey memberKey();

  /**
   * Whether this member lacks a key of the context it should hold: ask a peer with {@link
   * #memberKey}.
   */
  boolean wantsKeys();

  /**
   * Every key held here, wrapped to {@code member}'s agreement key (useless to anyone else),
   * encoded {@code keyId ‖ ephemeral ‖ ciphertext}; empty when it is not a member.
   */
  List<byte[]> wrappedKeysFor(PublicKey member);

  /**
   * Takes keys a peer delivered to this member, then retries the envelopes waiting for them.
   *
   * @throws RejectedGovernanceOpException if a key does not open or is not a key of the context
   */
  GovernanceChannel.GovernanceOutcome acceptKeys(List<byte[]> wrapped);

  /**
   * Seals a replication frame (a heartbeat) under the current key.
   *
   * @throws UnauthorizedException when this node holds no current key of the context
   */
  byte[] sealFrame(byte[] frame);

  /**
   * Opens a sealed replication frame of this context.
   *
   * @throws RejectedGovernanceOpException if it does not open
   */
  byte[] openFrame(byte[] sealed);
}
