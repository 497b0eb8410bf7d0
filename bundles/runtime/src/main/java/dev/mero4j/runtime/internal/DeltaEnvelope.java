package dev.mero4j.runtime.internal;

import dev.mero4j.crdt.CrdtException;
import dev.mero4j.crdt.Delta;
import dev.mero4j.crdt.DeltaCodec;
import dev.mero4j.membership.GovernancePosition;
import dev.mero4j.membership.MembershipException;
import dev.mero4j.primitives.BinaryReader;
import dev.mero4j.primitives.BinaryWriter;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.primitives.PrimitiveException;
import dev.mero4j.primitives.Signature;
import dev.mero4j.runtime.api.AppEvent;
import dev.mero4j.runtime.api.RejectedDeltaException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What peers exchange for one delta, before it is sealed under the context key: the delta, the
 * events its call emitted, the governance position its author wrote at, and the author's one
 * signature over the batch of deltas committed with it, binding all of them to the context
 * (docs/wire-format.md, "Delta envelope").
 *
 * <pre>
 *   u8 version = 3 ‖ context id (32) ‖ bytes delta ‖ bytes events ‖ position ‖ varint n
 *     ‖ varint index ‖ audit path (BatchProof.pathLength(n, index) × 32) ‖ signature (64)
 *   signature = Ed25519(author, SHA-256("mero4j/envelope/3" ‖ context ‖ u32 n ‖ root))
 *   root      = BatchProof over the n leaves of the batch, this one at index
 * </pre>
 */
public record DeltaEnvelope(
    ContextId context, Delta delta, List<AppEvent> events, GovernancePosition position) {
  private static final int VERSION = 3;
  private static final byte[] DOMAIN = "mero4j/envelope/3".getBytes(StandardCharsets.UTF_8);

  /** Largest envelope accepted; the gossip message cap of the transport is the same 1 MiB × 16. */
  public static final int MAX_BYTES = 16 << 20;

  /** This envelope as a batch of one, signed by {@code author}. */
  public byte[] encode(KeyPair author) {
    return encodeBatch(List.of(this), author).get(0);
  }

  /**
   * The envelopes of one batch (1 to {@link BatchProof#MAX_BATCH}, one context), in order, under
   * one signature by {@code author}.
   */
  public static List<byte[]> encodeBatch(List<DeltaEnvelope> batch, KeyPair author) {
    int n = batch.size();
    List<byte[]> deltas = new ArrayList<>(n);
    List<byte[]> events = new ArrayList<>(n);
    List<byte[]> positions = new ArrayList<>(n);
    List<Hash> leaves = new ArrayList<>(n);
    for (DeltaEnvelope envelope : batch) {
      if (!envelope.context.equals(batch.get(0).context)) {
        throw new IllegalArgumentException("a batch holds envelopes of one context");
      }
      deltas.add(DeltaCodec.encode(envelope.delta));
      events.add(ContextStore.EventCodec.encode(envelope.events));
      positions.add(
          positions.isEmpty() || !envelope.position.equals(batch.get(positions.size() - 1).position)
              ? envelope.position.encode()
              : last(positions));
      leaves.add(BatchProof.leaf(envelope.delta.id(), last(events), last(positions)));
    }
    BatchProof proof = BatchProof.of(leaves);
    Signature signature = author.sign(signed(batch.get(0).context, n, proof.root()));
    List<byte[]> encoded = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      BinaryWriter out =
          new BinaryWriter(
                  deltas.get(i).length
                      + events.get(i).length
                      + positions.get(i).length
                      + Hash.LENGTH * proof.path(i).size()
                      + 128)
              .version(VERSION)
              .id(batch.get(i).context)
              .bytes(deltas.get(i))
              .bytes(events.get(i))
              .raw(positions.get(i))
              .varint(n)
              .varint(i);
      for (Hash sibling : proof.path(i)) {
        out.id(sibling);
      }
      encoded.add(out.raw(signature.toBytes()).toByteArray());
    }
    return encoded;
  }

  private static byte[] last(List<byte[]> list) {
    return list.get(list.size() - 1);
  }

  /**
   * Decodes and verifies an envelope for {@code expected}; any defect is a typed rejection. Only
   * the batch signature is verified (docs/security.md, "In the node").
   */
  public static DeltaEnvelope decode(byte[] bytes, ContextId expected) {
    return decode(bytes, expected, null, true);
  }

  /**
   * {@link #decode(byte[], ContextId)}, skipping the Ed25519 check of a batch signature {@code
   * verified} already holds (the audit path is still checked against the signed root).
   */
  static DeltaEnvelope decode(byte[] bytes, ContextId expected, VerifiedBatches verified) {
    return decode(bytes, expected, verified, true);
  }

  /**
   * Decodes an envelope this node verified before it stored it; signatures are not checked again.
   */
  public static DeltaEnvelope decodeStored(byte[] bytes, ContextId expected) {
    return decode(bytes, expected, null, false);
  }

  private static DeltaEnvelope decode(
      byte[] bytes, ContextId expected, VerifiedBatches verified, boolean verify) {
    if (bytes.length > MAX_BYTES) {
      throw new RejectedDeltaException(
          "envelope of " + bytes.length + " bytes exceeds " + MAX_BYTES);
    }
    try {
      BinaryReader in = new BinaryReader(bytes);
      int version = in.version("delta envelope", VERSION);
      if (version != VERSION) {
        throw new RejectedDeltaException(
            "delta envelope version " + version + " is not " + VERSION);
      }
      ContextId context = ContextId.of(in.id());
      if (!context.equals(expected)) {
        throw new RejectedDeltaException(
            "envelope is for context " + context + ", not " + expected);
      }
      Delta delta = DeltaCodec.decode(in.bytes(MAX_BYTES));
      byte[] events = in.bytes(MAX_BYTES);
      int positionStart = in.position();
      KnownPosition last = lastPosition;
      GovernancePosition position;
      byte[] positionBytes;
      if (last.isAt(bytes, positionStart)) {
        in.raw(last.bytes.length);
        position = last.position;
        positionBytes = last.bytes;
      } else {
        position = GovernancePosition.readFrom(in);
        positionBytes = Arrays.copyOfRange(bytes, positionStart, in.position());
        lastPosition = new KnownPosition(positionBytes, position);
      }
      Proof proof = Proof.readFrom(in);
      in.expectEnd();
      // The batch signature is the delta author's over a root recomputed from the id of these
      // bytes: it authenticates the delta as the delta's own signature would, so that one is not
      // checked too.
      if (verify) {
        Hash leaf = BatchProof.leaf(delta.id(), events, positionBytes);
        // A batch of one is never met again: only larger batches are remembered.
        KnownPaths known = verified == null || proof.n == 1 ? null : verified.paths();
        if (known == null
            || !known.covers(
                context, delta.author(), proof.signature, proof.n, proof.index, leaf, proof.path)) {
          Hash root = BatchProof.rootOf(leaf, proof.n, proof.index, proof.path);
          byte[] digest = signed(context, proof.n, root);
          boolean valid =
              known == null
                  ? delta.author().verify(digest, proof.signature)
                  : verified.verify(delta.author(), digest, proof.signature);
          if (!valid) {
            throw new RejectedDeltaException("bad signature on delta " + delta.id());
          }
          if (known != null) {
            known.verified(
                context,
                delta.author(),
                proof.signature,
                proof.n,
                root,
                proof.index,
                leaf,
                proof.path);
          }
        }
      }
      return new DeltaEnvelope(context, delta, ContextStore.EventCodec.decode(events), position);
    } catch (PrimitiveException | CrdtException | MembershipException e) {
      throw new RejectedDeltaException("malformed delta envelope: " + e.getMessage(), e);
    }
  }

  /**
   * The position last decoded and its bytes: the envelopes of a context mostly carry one position
   * until its governance changes, so equal bytes (a prefix-free encoding) decode to it without
   * parsing. Immutable and published whole; neither array is modified or handed out.
   */
  private static volatile KnownPosition lastPosition = new KnownPosition(new byte[0], null);

  private record KnownPosition(byte[] bytes, GovernancePosition position) {
    /** Whether {@code in} holds exactly these position bytes from {@code at} on. */
    boolean isAt(byte[] in, int at) {
      return bytes.length > 0
          && in.length - at >= bytes.length
          && Arrays.equals(in, at, at + bytes.length, bytes, 0, bytes.length);
    }
  }

  /** Where an envelope sits in its batch, and the batch's signature. */
  private record Proof(int n, int index, List<Hash> path, Signature signature) {
    static Proof readFrom(BinaryReader in) {
      int n = count(in, "batch size", 1, BatchProof.MAX_BATCH);
      int index = count(in, "batch index", 0, n - 1);
      List<Hash> path = new ArrayList<>();
      for (int i = BatchProof.pathLength(n, index); i > 0; i--) {
        path.add(Hash.of(in.id()));
      }
      return new Proof(n, index, path, Signature.of(in.raw(Signature.LENGTH)));
    }

    /** A varint in {@code [min, max]}, written in its shortest form (one encoding per value). */
    private static int count(BinaryReader in, String what, int min, int max) {
      int start = in.position();
      long value = in.varint();
      int shortest = Math.max(1, (70 - Long.numberOfLeadingZeros(value)) / 7);
      if (value < min || value > max || in.position() - start != shortest) {
        throw new RejectedDeltaException(
            what + " " + value + " is not a shortest varint in [" + min + ", " + max + "]");
      }
      return (int) value;
    }
  }

  private static byte[] signed(ContextId context, int n, Hash root) {
    return Hash.sha256(
            DOMAIN, context.toBytes(), ByteBuffer.allocate(4).putInt(n).array(), root.toBytes())
        .toBytes();
  }
}
