package dev.mero4j.membership;

import dev.mero4j.primitives.PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * The held keys of a context to wrap to one member, fixed from a governance state; wrapping is
 * thread-safe, so a node delivers keys without holding its context's lock.
 */
public final class KeyWraps {
  private final ContextKeys keys;
  private final PublicKey member;
  private final AgreementKey agreement;
  private final List<KeyId> ids;

  KeyWraps(ContextKeys keys, PublicKey member, AgreementKey agreement, List<KeyId> ids) {
    this.keys = keys;
    this.member = member;
    this.agreement = agreement;
    this.ids = List.copyOf(ids);
  }

  /** The keys to wrap, in the order of the governance state. */
  public List<KeyId> ids() {
    return ids;
  }

  /** Wraps each key to the member: one X25519 agreement per key. */
  public List<WrappedKey> wrap() {
    List<WrappedKey> out = new ArrayList<>(ids.size());
    for (KeyId id : ids) {
      out.add(keys.wrap(id, member, agreement));
    }
    return out;
  }
}
