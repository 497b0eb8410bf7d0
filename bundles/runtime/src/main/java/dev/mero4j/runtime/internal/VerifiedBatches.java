package dev.mero4j.runtime.internal;

import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.primitives.Signature;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The batch signatures a receiver already verified, so the later envelopes of one batch cost
 * hashing only: a bounded, least-recently-used memo of Ed25519 verification.
 *
 * <p>An entry is the SHA-256 of the author key, the exact signed digest and the signature bytes; it
 * is added only after that signature verified over that digest under that key. Verification is a
 * pure function of those three, so a hit means the same check already passed: an envelope that
 * changes any of them (another root, another n, another signature) misses and is verified.
 */
final class VerifiedBatches {
  /**
   * Batches remembered per context: a receiver sees a batch's envelopes close together (one gossip
   * burst or one catch-up page), so a few thousand recent batches cover every burst; at most about
   * 400 KB.
   */
  static final int CAPACITY = 4096;

  private final Map<Hash, Boolean> verified;

  VerifiedBatches(int capacity) {
    this.verified =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Hash, Boolean> eldest) {
            return size() > capacity;
          }
        };
  }

  /** Whether {@code signature} by {@code author} over {@code digest} verifies, memoised. */
  boolean verify(PublicKey author, byte[] digest, Signature signature) {
    Hash key = Hash.sha256(author.toBytes(), digest, signature.toBytes());
    synchronized (verified) {
      if (verified.get(key) != null) {
        return true;
      }
    }
    if (!author.verify(digest, signature)) {
      return false;
    }
    synchronized (verified) {
      verified.put(key, Boolean.TRUE);
    }
    return true;
  }

  int size() {
    synchronized (verified) {
      return verified.size();
    }
  }
}
