package dev.mero4j.runtime.internal;

import dev.mero4j.dag.DeltaBodies;
import dev.mero4j.primitives.ContextId;
import java.util.function.UnaryOperator;

/**
 * A context's deltas as its causal DAG reads them back: each delta is stored once, inside its
 * sealed envelope ({@code ctx-envelopes}, written in the same batch as the DAG's record), and the
 * DAG's record of it is a 33-byte reference. Reading one opens the envelope and decodes it; its
 * signature was checked before it was first stored and is not checked again.
 */
public final class EnvelopeBodies {
  private EnvelopeBodies() {}

  /** The bodies of {@code context} in {@code store}; {@code open} unseals a stored envelope. */
  public static DeltaBodies of(ContextStore store, ContextId context, UnaryOperator<byte[]> open) {
    return id ->
        store
            .envelope(context, id)
            .map(stored -> DeltaEnvelope.decodeStored(open.apply(stored), context).delta());
  }
}
