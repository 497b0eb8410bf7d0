package dev.mero4j.membership;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.BinaryReader;
import dev.mero4j.primitives.BinaryWriter;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.primitives.PrimitiveException;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.primitives.Signature;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * A signed, expiring offer by an admin to join a context with a role, bound either to the invitee's
 * member key or to the public "invitation key" a single-use secret derives; the secret itself never
 * leaves the invitation text (docs/security.md, "Invitations").
 *
 * <pre>
 *   u8 version=2 ‖ context(32) ‖ application(32) ‖ u8 role ‖ varint expiresAtMillis ‖ inviter(32)
 *   ‖ u8 binding (1 invitee key | 2 invitation key) ‖ key(32) ‖ nonce(16) ‖ signature(64)
 *   id             = SHA-256("mero4j/invitation/1" ‖ everything before the signature)
 *   signature      = Ed25519(inviter, "mero4j/invitation-sig/1" ‖ id)
 *   invitation key = Ed25519 key pair of seed HMAC-SHA256(secret, "mero4j/invitation-key/1")
 * </pre>
 */
public final class Invitation {
  static final int VERSION = 2;
  static final int NONCE_BYTES = 16;
  private static final int BOUND_KEY = 1;
  private static final int INVITATION_KEY = 2;
  private static final byte[] ID_DOMAIN = utf8("mero4j/invitation/1");
  private static final byte[] SIG_DOMAIN = utf8("mero4j/invitation-sig/1");
  private static final byte[] KEY_DOMAIN = utf8("mero4j/invitation-key/1");

  private final byte[] body;
  private final Signature signature;
  private final InvitationId id;
  private final ContextId context;
  private final ApplicationId application;
  private final Role role;
  private final Instant expiresAt;
  private final PublicKey inviter;
  private final Optional<PublicKey> invitee;
  private final Optional<PublicKey> invitationKey;

  private Invitation(byte[] body, Signature signature) {
    this.body = body;
    this.signature = signature;
    this.id = InvitationId.of(Hash.sha256(ID_DOMAIN, body).toBytes());
    BinaryReader in = new BinaryReader(body);
    in.version("invitation", VERSION);
    context = ContextId.of(in.id());
    application = ApplicationId.of(in.id());
    role = Role.ofCode(in.u8());
    expiresAt = Instant.ofEpochMilli(in.varint());
    inviter = PublicKey.of(in.id());
    int binding = in.u8();
    byte[] bound = in.id();
    if (binding == BOUND_KEY) {
      invitee = Optional.of(PublicKey.of(bound));
      invitationKey = Optional.empty();
    } else if (binding == INVITATION_KEY) {
      invitee = Optional.empty();
      invitationKey = Optional.of(PublicKey.of(bound));
    } else {
      throw new MalformedMembershipDataException("unknown invitation binding " + binding);
    }
    in.raw(NONCE_BYTES);
    in.expectEnd();
  }

  /** Signs an invitation; pass exactly one of {@code invitee} and {@code secret}. */
  public static Invitation issue(
      MemberIdentity inviter,
      ContextId context,
      ApplicationId application,
      Role role,
      Instant expiresAt,
      Optional<PublicKey> invitee,
      Optional<byte[]> secret,
      byte[] nonce) {
    if (invitee.isPresent() == secret.isPresent()) {
      throw new IllegalArgumentException(
          "bind an invitation to an invitee key or to a secret, not both or neither");
    }
    if (nonce.length != NONCE_BYTES) {
      throw new IllegalArgumentException("an invitation nonce has " + NONCE_BYTES + " bytes");
    }
    BinaryWriter out =
        new BinaryWriter(160)
            .version(VERSION)
            .id(context)
            .id(application)
            .u8(role.code())
            .varint(expiresAt.toEpochMilli())
            .id(inviter.publicKey());
    if (invitee.isPresent()) {
      out.u8(BOUND_KEY).id(invitee.get());
    } else {
      out.u8(INVITATION_KEY).id(invitationKey(secret.get()).publicKey());
    }
    byte[] body = out.raw(nonce).toByteArray();
    InvitationId id = InvitationId.of(Hash.sha256(ID_DOMAIN, body).toBytes());
    return new Invitation(body, inviter.sign(signed(id)));
  }

  /**
   * The invitation key a secret derives: the invitation commits to its public half, the joiner
   * signs with the private half, nobody else ever sees the secret.
   */
  public static KeyPair invitationKey(byte[] secret) {
    return KeyPair.fromSeed(Hash.hmacSha256(secret, KEY_DOMAIN).toBytes());
  }

  public InvitationId id() {
    return id;
  }

  public ContextId context() {
    return context;
  }

  public ApplicationId application() {
    return application;
  }

  public Role role() {
    return role;
  }

  public Instant expiresAt() {
    return expiresAt;
  }

  public PublicKey inviter() {
    return inviter;
  }

  public Optional<PublicKey> invitee() {
    return invitee;
  }

  /** The public invitation key of a secret-bound invitation. */
  public Optional<PublicKey> invitationKey() {
    return invitationKey;
  }

  /** The key whose signatures prove possession: the invitee's, or the invitation key. */
  public PublicKey proofKey() {
    return invitee.or(() -> invitationKey).orElseThrow();
  }

  /** True when the inviter's signature verifies over this invitation's id. */
  public boolean verifySignature() {
    return inviter.verify(signed(id), signature);
  }

  public byte[] encode() {
    return new BinaryWriter(body.length + Signature.LENGTH)
        .raw(body)
        .raw(signature.toBytes())
        .toByteArray();
  }

  /** Decodes without checking the signature (see {@link InvitationVerifier}). */
  public static Invitation decode(byte[] bytes) {
    try {
      if (bytes.length < Signature.LENGTH + 1) {
        throw new MalformedMembershipDataException("invitation of " + bytes.length + " bytes");
      }
      byte[] body = Arrays.copyOf(bytes, bytes.length - Signature.LENGTH);
      Signature signature = Signature.of(Arrays.copyOfRange(bytes, body.length, bytes.length));
      return new Invitation(body, signature);
    } catch (PrimitiveException e) {
      throw new MalformedMembershipDataException("malformed invitation: " + e.getMessage(), e);
    }
  }

  private static byte[] signed(InvitationId id) {
    return new BinaryWriter(64).raw(SIG_DOMAIN).id(id).toByteArray();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Invitation i && Arrays.equals(encode(), i.encode());
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "Invitation[" + id + " to " + context + " as " + role + " until " + expiresAt + "]";
  }
}
