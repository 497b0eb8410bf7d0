package dev.mero4j.runtime.internal;

import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.primitives.Signature;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The checks a receiver already passed on exactly these bytes, so work is never done twice: a
 * bounded, least-recently-used memo of batch signatures that verified and of sealed frames taken.
 *
 * <p>Each entry is keyed by a SHA-256 over every byte the check read, and added only after the
 * check passed: a batch signature by the SHA-256 of the author key, the signed digest and the
 * signature (the later envelopes of a batch then cost hashing only); a frame by the SHA-256 of the
 * whole sealed frame, once the delta it carries was opened, verified and taken into the DAG (the
 * same frame again, by gossip and catch-up at once, costs one hash: no open, decode or signature
 * check). A hit means that very check already passed; an envelope that changes any byte misses and
 * is checked as any other.
 */
final class VerifiedBatches {
  /**
   * Entries remembered per context: a receiver sees a batch's envelopes, and a duplicate of a
   * frame, within a few sync rounds (one gossip burst, one catch-up page), so a few thousand recent
   * entries cover them; at most about 600 KB.
   */
  static final int CAPACITY = 4096;

  private static final byte[] SIGNATURE =
      "mero4j/checked/signature".getBytes(StandardCharsets.UTF_8);

  /** What a signature entry holds: only its presence counts. */
  private static final Object PASSED = new Object();

  private final Map<Hash, Object> passed;

  private final KnownPaths paths = new KnownPaths();

  VerifiedBatches(int capacity) {
    this.passed =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Hash, Object> eldest) {
            return size() > capacity;
          }
        };
  }

  /** Whether {@code signature} by {@code author} over {@code digest} verifies, memoised. */
  boolean verify(PublicKey author, byte[] digest, Signature signature) {
    Hash key = Hash.sha256(SIGNATURE, author.toBytes(), digest, signature.toBytes());
    if (get(key) != null) {
      return true;
    }
    if (!author.verify(digest, signature)) {
      return false;
    }
    put(key, PASSED);
    return true;
  }

  /** The audit-path nodes of the last batches whose signature verified here. */
  KnownPaths paths() {
    return paths;
  }

  /** The delta of the sealed frame hashing to {@code frame}, if this context took it; or null. */
  DeltaId taken(Hash frame) {
    return get(frame) instanceof DeltaId id ? id : null;
  }

  /** Remembers that the frame hashing to {@code frame} was opened, verified and took {@code id}. */
  void took(Hash frame, DeltaId id) {
    put(frame, id);
  }

  private Object get(Hash key) {
    synchronized (passed) {
      return passed.get(key);
    }
  }

  private void put(Hash key, Object value) {
    synchronized (passed) {
      passed.put(key, value);
    }
  }

  int size() {
    synchronized (passed) {
      return passed.size();
    }
  }
}
