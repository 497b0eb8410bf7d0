package dev.mero4j.runtime;

import dev.mero4j.crdt.Delta;
import dev.mero4j.membership.GovernancePosition;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.runtime.api.RejectedDeltaException;
import dev.mero4j.runtime.internal.DeltaEnvelope;
import dev.mero4j.runtime.internal.EnvelopeReceiver;
import java.util.ArrayList;
import java.util.List;

/**
 * Signs deltas into delta envelopes and verifies them exactly as a node does (version 3, one
 * Ed25519 signature over the Merkle root of a batch, docs/wire-format.md "Delta envelope"), for
 * tools and benchmarks outside the node; the envelopes are the inner, unsealed form.
 */
public final class SignedBatches {
  /** Most deltas one signature covers (the wire format's batch size limit). */
  public static final int MAX_BATCH = EnvelopeReceiver.MAX_BATCH;

  private SignedBatches() {}

  /**
   * The envelopes of {@code deltas} (1 to {@link #MAX_BATCH}, in order, written by {@code author}
   * at {@code position} in {@code context}, emitting no events), under one signature by {@code
   * author}; each envelope verifies on its own.
   */
  public static List<byte[]> sign(
      ContextId context, GovernancePosition position, List<Delta> deltas, KeyPair author) {
    List<DeltaEnvelope> batch = new ArrayList<>(deltas.size());
    for (Delta delta : deltas) {
      batch.add(new DeltaEnvelope(context, delta, List.of(), position));
    }
    return DeltaEnvelope.encodeBatch(batch, author);
  }

  /** A receiver in one context, remembering the batch signatures it verified as a node does. */
  public static Receiver receiver(ContextId context) {
    return new Receiver(context);
  }

  /** What one node holds per context to verify the envelopes it receives. */
  public static final class Receiver {
    private final EnvelopeReceiver receiver;

    private Receiver(ContextId context) {
      this.receiver = new EnvelopeReceiver(context);
    }

    /**
     * Decodes and verifies one envelope (its audit path against the signed root; the batch's
     * Ed25519 signature once per batch) and returns its delta.
     *
     * @throws RejectedDeltaException if the envelope is malformed, for another context or forged
     */
    public Delta open(byte[] envelope) {
      return receiver.open(envelope).delta();
    }
  }
}
