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
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What peers exchange for one delta, before it is sealed under the context key: the delta, the
 * events its call emitted, the governance position its author wrote at, and the author's signature
 * binding all of them to the context (docs/wire-format.md, "Delta envelope").
 *
 * <pre>
 *   u8 version = 2 ‖ context id (32) ‖ bytes delta ‖ bytes events ‖ position ‖ signature (64)
 *   signature = Ed25519(author, SHA-256("mero4j/envelope/2" ‖ context ‖ delta id ‖ SHA-256(events)
 *                                        ‖ SHA-256(position)))
 * </pre>
 */
public record DeltaEnvelope(
    ContextId context, Delta delta, List<AppEvent> events, GovernancePosition position) {
  private static final int VERSION = 2;
  private static final byte[] DOMAIN = "mero4j/envelope/2".getBytes(StandardCharsets.UTF_8);

  /** Largest envelope accepted; the gossip message cap of the transport is the same 1 MiB × 16. */
  public static final int MAX_BYTES = 16 << 20;

  public byte[] encode(KeyPair author) {
    byte[] events = ContextStore.EventCodec.encode(this.events);
    byte[] delta = DeltaCodec.encode(this.delta);
    byte[] position = this.position.encode();
    Signature signature = author.sign(signed(context, this.delta, events, position));
    return new BinaryWriter(delta.length + events.length + position.length + 128)
        .version(VERSION)
        .id(context)
        .bytes(delta)
        .bytes(events)
        .raw(position)
        .raw(signature.toBytes())
        .toByteArray();
  }

  /**
   * Decodes and verifies an envelope for {@code expected}; any defect is a typed rejection. Only
   * the envelope signature is verified (docs/security.md, "In the node").
   */
  public static DeltaEnvelope decode(byte[] bytes, ContextId expected) {
    return decode(bytes, expected, true);
  }

  /**
   * Decodes an envelope this node verified before it stored it; signatures are not checked again.
   */
  public static DeltaEnvelope decodeStored(byte[] bytes, ContextId expected) {
    return decode(bytes, expected, false);
  }

  private static DeltaEnvelope decode(byte[] bytes, ContextId expected, boolean verify) {
    if (bytes.length > MAX_BYTES) {
      throw new RejectedDeltaException(
          "envelope of " + bytes.length + " bytes exceeds " + MAX_BYTES);
    }
    try {
      BinaryReader in = new BinaryReader(bytes);
      in.version("delta envelope", VERSION);
      ContextId context = ContextId.of(in.id());
      if (!context.equals(expected)) {
        throw new RejectedDeltaException(
            "envelope is for context " + context + ", not " + expected);
      }
      Delta delta = DeltaCodec.decode(in.bytes(MAX_BYTES));
      byte[] events = in.bytes(MAX_BYTES);
      GovernancePosition position = GovernancePosition.readFrom(in);
      Signature signature = Signature.of(in.raw(Signature.LENGTH));
      in.expectEnd();
      // The envelope signature is the delta author's over the id recomputed from these bytes: it
      // authenticates the delta as the delta's own signature would, so that one is not checked too.
      if (verify
          && !delta.author().verify(signed(context, delta, events, position.encode()), signature)) {
        throw new RejectedDeltaException("bad signature on delta " + delta.id());
      }
      return new DeltaEnvelope(context, delta, ContextStore.EventCodec.decode(events), position);
    } catch (PrimitiveException | CrdtException | MembershipException e) {
      throw new RejectedDeltaException("malformed delta envelope: " + e.getMessage(), e);
    }
  }

  private static byte[] signed(ContextId context, Delta delta, byte[] events, byte[] position) {
    return Hash.sha256(
            DOMAIN,
            context.toBytes(),
            delta.id().toBytes(),
            Hash.sha256(events).toBytes(),
            Hash.sha256(position).toBytes())
        .toBytes();
  }
}
