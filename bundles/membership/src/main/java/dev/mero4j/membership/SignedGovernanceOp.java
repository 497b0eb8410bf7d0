package dev.mero4j.membership;

import dev.mero4j.membership.internal.OpCodec;
import dev.mero4j.primitives.BinaryReader;
import dev.mero4j.primitives.BinaryWriter;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.GovernanceOpId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.PrimitiveException;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.primitives.Signature;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * A governance op signed by its author, placed in the context's governance DAG by its parents.
 *
 * <pre>
 *   u8 version=1 ‖ context(32) ‖ varint n ‖ parent(32) × n (ascending, distinct)
 *   ‖ signer(32) ‖ op (u8 tag ‖ fields) ‖ signature(64)
 *   id        = SHA-256("mero4j/governance-op/1" ‖ everything before the signature)
 *   signature = Ed25519(signer, "mero4j/governance-sig/1" ‖ id)
 * </pre>
 */
public final class SignedGovernanceOp {
  private static final int VERSION = 1;

  /** Most parents of one op; concurrent admins rarely produce more than a handful of heads. */
  public static final int MAX_PARENTS = 256;

  /** Largest encoded op accepted (Calimero's 64 KiB op payload, plus the wrapped-key table). */
  public static final int MAX_BYTES = 512 * 1024;

  private static final byte[] ID_DOMAIN = "mero4j/governance-op/1".getBytes(StandardCharsets.UTF_8);
  private static final byte[] SIG_DOMAIN =
      "mero4j/governance-sig/1".getBytes(StandardCharsets.UTF_8);

  private final ContextId context;
  private final List<GovernanceOpId> parents;
  private final PublicKey signer;
  private final GovernanceOp op;
  private final Signature signature;
  private final byte[] body;
  private final GovernanceOpId id;

  private SignedGovernanceOp(
      ContextId context,
      List<GovernanceOpId> parents,
      PublicKey signer,
      GovernanceOp op,
      Signature signature,
      byte[] body) {
    this.context = context;
    this.parents = parents;
    this.signer = signer;
    this.op = op;
    this.signature = signature;
    this.body = body;
    this.id = GovernanceOpId.of(Hash.sha256(ID_DOMAIN, body).toBytes());
  }

  /** Signs {@code op} on top of {@code parents} (sorted here). */
  public static SignedGovernanceOp sign(
      ContextId context,
      Collection<GovernanceOpId> parents,
      MemberIdentity signer,
      GovernanceOp op) {
    List<GovernanceOpId> sorted = parents.stream().distinct().sorted().toList();
    byte[] body = body(context, sorted, signer.publicKey(), op);
    GovernanceOpId id = GovernanceOpId.of(Hash.sha256(ID_DOMAIN, body).toBytes());
    return new SignedGovernanceOp(
        context, sorted, signer.publicKey(), op, signer.sign(signed(id)), body);
  }

  public GovernanceOpId id() {
    return id;
  }

  public ContextId context() {
    return context;
  }

  public List<GovernanceOpId> parents() {
    return parents;
  }

  public PublicKey signer() {
    return signer;
  }

  public GovernanceOp op() {
    return op;
  }

  public boolean verifySignature() {
    return signer.verify(signed(id), signature);
  }

  public byte[] encode() {
    return new BinaryWriter(body.length + Signature.LENGTH)
        .raw(body)
        .raw(signature.toBytes())
        .toByteArray();
  }

  /** Decodes (re-encoding the body, so one op has exactly one encoding); signature unchecked. */
  public static SignedGovernanceOp decode(byte[] bytes) {
    if (bytes.length > MAX_BYTES) {
      throw new MalformedMembershipDataException(
          "governance op of " + bytes.length + " bytes exceeds " + MAX_BYTES);
    }
    try {
      BinaryReader in = new BinaryReader(bytes);
      in.version("governance op", VERSION);
      ContextId context = ContextId.of(in.id());
      int n = in.length(MAX_PARENTS);
      List<GovernanceOpId> parents = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        GovernanceOpId parent = GovernanceOpId.of(in.id());
        if (i > 0 && parents.get(i - 1).compareTo(parent) >= 0) {
          throw new MalformedMembershipDataException(
              "governance op parents not ascending and distinct");
        }
        parents.add(parent);
      }
      PublicKey signer = PublicKey.of(in.id());
      GovernanceOp op = OpCodec.read(in);
      Signature signature = Signature.of(in.raw(Signature.LENGTH));
      in.expectEnd();
      byte[] body = body(context, parents, signer, op);
      if (!Arrays.equals(body, Arrays.copyOf(bytes, bytes.length - Signature.LENGTH))) {
        throw new MalformedMembershipDataException("non-canonical governance op encoding");
      }
      return new SignedGovernanceOp(context, List.copyOf(parents), signer, op, signature, body);
    } catch (PrimitiveException | IllegalArgumentException e) {
      throw new MalformedMembershipDataException("malformed governance op: " + e.getMessage(), e);
    }
  }

  private static byte[] body(
      ContextId context, List<GovernanceOpId> parents, PublicKey signer, GovernanceOp op) {
    BinaryWriter out = new BinaryWriter(256).version(VERSION).id(context).varint(parents.size());
    parents.forEach(out::id);
    out.id(signer);
    OpCodec.write(out, op);
    return out.toByteArray();
  }

  private static byte[] signed(GovernanceOpId id) {
    return new BinaryWriter(64).raw(SIG_DOMAIN).id(id).toByteArray();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignedGovernanceOp s && id.equals(s.id) && signature.equals(s.signature);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "SignedGovernanceOp[" + id + " " + op.getClass().getSimpleName() + " by " + signer + "]";
  }
}
