package dev.mero4j.node.internal;

import dev.mero4j.blobs.BlobKeys;
import dev.mero4j.membership.KeyId;
import dev.mero4j.membership.MembershipException;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.runtime.ContextManager;
import dev.mero4j.runtime.api.UnknownContextException;
import java.util.Map;
import java.util.Optional;

/**
 * The blob store's secrets, derived from each context's key ring (HKDF, purpose {@value #PURPOSE}):
 * a context this node does not hold, or whose key it lacks (a removed member), has none.
 */
public final class NodeBlobKeys implements BlobKeys {
  /** The HKDF purpose of blob secrets. */
  public static final String PURPOSE = "mero4j/blobs/1";

  private final ContextManager contexts;

  public NodeBlobKeys(ContextManager contexts) {
    this.contexts = contexts;
  }

  @Override
  public Secret current(ContextId context) {
    return secret(context, Optional.empty());
  }

  @Override
  public Secret of(ContextId context, Hash keyId) {
    return secret(context, Optional.of(KeyId.of(keyId.toBytes())));
  }

  private Secret secret(ContextId context, Optional<KeyId> key) {
    try {
      Map.Entry<KeyId, byte[]> derived = contexts.deriveSecret(context, key, PURPOSE);
      return new Secret(Hash.of(derived.getKey().toBytes()), derived.getValue());
    } catch (MembershipException e) {
      throw new UnknownContextException(
          "this node holds no key of context " + context + " for its blobs: " + e.getMessage(), e);
    }
  }
}
