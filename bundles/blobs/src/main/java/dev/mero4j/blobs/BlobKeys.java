package dev.mero4j.blobs;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import java.util.Objects;

/**
 * Where the blob store gets each context's secrets: a 32-byte secret derived from a context key
 * (never the key itself), named by that key's id. The runtime implements it over the context's key
 * ring.
 */
public interface BlobKeys {
  /**
   * The secret of the key new blobs of {@code context} are sealed under.
   *
   * @throws dev.mero4j.runtime.api.UnknownContextException the node does not hold {@code context}
   */
  Secret current(ContextId context);

  /**
   * The secret of the key {@code keyId} of {@code context}, for blobs stored under it.
   *
   * @throws dev.mero4j.runtime.api.UnknownContextException the node does not hold {@code context}
   *     or no longer holds that key
   */
  Secret of(ContextId context, Hash keyId);

  /** A context key's id and the 32-byte blob secret derived from it. */
  record Secret(Hash keyId, byte[] secret) {
    public Secret {
      Objects.requireNonNull(keyId, "keyId");
      if (secret.length != 32) {
        throw new IllegalArgumentException("a blob secret has 32 bytes");
      }
      secret = secret.clone();
    }

    @Override
    public byte[] secret() {
      return secret.clone();
    }
  }
}
