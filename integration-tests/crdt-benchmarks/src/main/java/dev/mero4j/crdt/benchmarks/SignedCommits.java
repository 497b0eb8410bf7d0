package dev.mero4j.crdt.benchmarks;

import dev.mero4j.crdt.Delta;
import dev.mero4j.membership.GovernancePosition;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.GovernanceOpId;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.runtime.SignedBatches;
import java.util.ArrayList;
import java.util.List;

/**
 * One writer's signing of its unsigned commits into delta envelopes exactly as a node signs them
 * ({@link SignedBatches}: version 3, one Ed25519 signature over the Merkle root of a batch), either
 * each delta its own signed batch or the deltas of one 16 ms frame as one batch.
 *
 * <p>Frames, precisely: frame k is the wall-clock interval [t0 + 16k ms, t0 + 16(k + 1) ms) of
 * {@link System#nanoTime()}, t0 being when this signer was made (the start of the replay). A delta
 * belongs to the frame in which {@link #add} receives it, right after its commit. The first {@link
 * #add} at or after a frame's end first signs the open batch, which then holds exactly the deltas
 * of earlier frames, as an editor flushing on each animation frame sends what was typed since the
 * last one; {@link #flush} signs what is left at the end. A frame with more than {@link
 * SignedBatches#MAX_BATCH} (256) deltas, the wire format's batch limit, is signed as consecutive
 * batches of 256. The time spent signing counts in the replay's time and so in its frames.
 */
final class SignedCommits {
  /** One animation frame at 60 Hz. */
  static final long FRAME_NANOS = 16_000_000L;

  /** The one context every benchmark writes in. */
  static final ContextId CONTEXT = ContextId.of(Fixtures.filled(0x0c));

  /** A position naming one governance op, as a context holding only its genesis op. */
  static final GovernancePosition POSITION =
      GovernancePosition.of(List.of(GovernanceOpId.of(Fixtures.filled(0x0d))));

  private final KeyPair author;
  private final boolean framed;
  private final List<Delta> open = new ArrayList<>(SignedBatches.MAX_BATCH);
  private final long start = System.nanoTime();
  private long frameEnd = start + FRAME_NANOS;
  private long bytes;
  private long batches;

  /** {@code framed} false signs each delta as a batch of one, as a node's lone write is. */
  SignedCommits(KeyPair author, boolean framed) {
    this.author = author;
    this.framed = framed;
  }

  /**
   * Takes a delta just committed; returns the envelopes this call signed (often none if framed).
   */
  List<byte[]> add(Delta delta) {
    List<byte[]> signed = List.of();
    if (framed) {
      long now = System.nanoTime();
      if (now >= frameEnd) {
        signed = flush();
        frameEnd = now + FRAME_NANOS - (now - start) % FRAME_NANOS;
      }
    }
    open.add(delta);
    if (!framed || open.size() == SignedBatches.MAX_BATCH) {
      List<byte[]> more = flush();
      if (signed.isEmpty()) {
        return more;
      }
      signed = new ArrayList<>(signed);
      signed.addAll(more);
    }
    return signed;
  }

  /** Signs the open batch, if any, and returns its envelopes. */
  List<byte[]> flush() {
    if (open.isEmpty()) {
      return List.of();
    }
    List<byte[]> envelopes = SignedBatches.sign(CONTEXT, POSITION, open, author);
    open.clear();
    batches++;
    for (byte[] envelope : envelopes) {
      bytes += envelope.length;
    }
    return envelopes;
  }

  /** Bytes of every envelope signed so far. */
  long bytes() {
    return bytes;
  }

  /** Signatures made so far, one per batch. */
  long batches() {
    return batches;
  }
}
