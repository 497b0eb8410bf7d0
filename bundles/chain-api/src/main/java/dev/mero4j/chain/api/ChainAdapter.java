package dev.mero4j.chain.api;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.PublicKey;
import java.util.Optional;
import java.util.Set;

/**
 * Anchors contexts on a ledger (NEAR, ICP, Ethereum, Stellar). Local governance, the default, needs
 * no adapter.
 */
public interface ChainAdapter {
  /** The network this adapter talks to, such as {@code near-testnet}. */
  String network();

  /** Records the context, its creator and its current root on the ledger. */
  AnchorReceipt anchor(ContextId context, PublicKey creator, Hash root);

  /** The latest anchor of a context, if it was anchored. */
  Optional<AnchorReceipt> lookup(ContextId context);

  /** The members the ledger lists for a context. */
  Set<PublicKey> members(ContextId context);

  /** Proof that an anchor landed: the ledger's transaction id and block height. */
  record AnchorReceipt(ContextId context, Hash root, String transactionId, long height) {}
}
