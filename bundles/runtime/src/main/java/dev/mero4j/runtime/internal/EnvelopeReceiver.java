package dev.mero4j.runtime.internal;

import dev.mero4j.primitives.ContextId;

/**
 * A receiver's check of the envelopes of one context, with its memo of verified batch signatures,
 * for callers outside this package ({@code SignedBatches}); the node's own is {@code
 * LoadedContext.verified}.
 */
public final class EnvelopeReceiver {
  /** Most envelopes one signature covers. */
  public static final int MAX_BATCH = BatchProof.MAX_BATCH;

  private final ContextId context;
  private final VerifiedBatches verified = new VerifiedBatches(VerifiedBatches.CAPACITY);

  public EnvelopeReceiver(ContextId context) {
    this.context = context;
  }

  /** Decodes and verifies an inner (opened) envelope as a node receiving it does. */
  public DeltaEnvelope open(byte[] inner) {
    return DeltaEnvelope.decode(inner, context, verified);
  }
}
